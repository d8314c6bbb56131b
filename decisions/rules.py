"""Who may do what with proposals and agreements: DESIGN.md's permission table, written once.

Each function answers for one person and one object; the views turn a "no" into 403, the pages
use the same answers to show or hide a button.
"""

from blogs.models import Blog, Post

from .models import Agreement, Proposal


def _edits(user, blog):
    return user.is_site_admin or blog.is_edited_by(user)  # remembered per page on the blog


def may_open(user, post):
    """A proposal on a published post of a shared blog: by its author, the blog's editors, site admins."""
    if not user.is_authenticated or post.blog.kind != Blog.Kind.SHARED or not post.is_published():
        return False
    return post.author_id == user.pk or _edits(user, post.blog)


def may_move_to_personeelsblog(user, post):
    """The author of a post on their personal blog may first move it to the Personeelsblog."""
    return user.is_authenticated and post.blog.kind == Blog.Kind.PERSONAL and post.author_id == user.pk


def may_answer(user, proposal):
    """Anyone who may read the post, while the round is open."""
    return (
        user.is_authenticated
        and proposal.is_answerable()
        and Post.objects.published_for(user).filter(pk=proposal.post_id).exists()
    )


def may_steer(user, proposal):
    """Resolve an objection, amend, withdraw: the proposer (and site admins)."""
    return user.is_authenticated and (proposal.proposer_id == user.pk or user.is_site_admin)


def may_reject(user, proposal):
    return user.is_authenticated and _edits(user, proposal.post.blog)


def may_record(user, proposal):
    """The agreement of an accepted proposal: the proposer, the blog's editors, site admins."""
    return user.is_authenticated and (proposal.proposer_id == user.pk or _edits(user, proposal.post.blog))


def may_mark_done(user, agreement):
    return agreement.owner_id == user.pk or may_record(user, agreement.proposal)


def may_drop(user, agreement):
    return may_record(user, agreement.proposal)


def is_still_open(proposal):
    return proposal.stage in (Proposal.Stage.OPEN, Proposal.Stage.RETURNED)


def is_agreement_open(agreement):
    return agreement.state == Agreement.State.OPEN
