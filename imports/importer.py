"""Writing an export read by imports.formats into a blog: the one way an old blog comes in.

The upload page and `manage.py import_blog` both call import_blog(). It works in two steps:
a plan (what is new, who is who, what is left out and why), which is all a dry run does, and
the writing, through the same services as the editor and the comment form (blogs.services,
comments.services) with announce=False, so that old writing notifies nobody. Everything except
the images is written in one transaction: an import that fails leaves no half-imported blog.
"""

import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blognet.markup import validate_markdown
from blognet.models import ContentGeneration
from blogs.models import Post
from blogs.services import save_post
from comments.models import Comment
from comments.services import add_comment, remove_comment
from people.models import User

from .images import bring_in, found_in, known_copies, point_to_copies
from .markdown import to_markdown
from .models import SourceItem
from .report import Author, Report

KEPT_STATES = {"approved", "removed"}
LEFT_OUT = {
    "pending": gettext_lazy("wachtte nog op goedkeuring"),
    "spam": gettext_lazy("gemarkeerd als spam"),
    "trash": gettext_lazy("in de prullenbak"),
    "pingback": gettext_lazy("een pingback of trackback, geen reactie"),
}
TITLE_LENGTH, TAG_LENGTH = 200, 50


def import_blog(source, *, blog, by, pages_as_posts=False, dry_run=False, progress=None):
    """Bring `source` (an imports.items.SourceBlog) into `blog` on behalf of `by`; return the Report.

    `progress`, when given, is called with (posts done, posts in all) after each post.
    """
    plan = _Plan(source, blog, by, pages_as_posts, dry_run)
    if dry_run:
        plan.count_images()
        return plan.report
    images = {}
    for item in plan.posts:
        if item.post is None:
            images.update(found_in(item.source, source.site))
    copies = bring_in(
        images,
        blog=blog,
        files=source.files,
        uploaded_by=plan.post_author_for(None),
        key_of=plan.key,
        report=plan.report,
    )
    with ContentGeneration.bumped_once():  # one transaction: a failed import leaves nothing behind
        for done, item in enumerate(plan.posts, start=1):
            plan.write(item, copies)
            if progress:
                progress(done, len(plan.posts))
    return plan.report


@dataclass
class _PlannedPost:
    source: object  # imports.items.SourcePost
    body: str  # its Markdown, before the image addresses are pointed at the stored copies
    author: User
    post: Post | None  # the post imported before, or None when it is new
    # (source comment, source id of the comment it answers or None, Markdown, colleague or None)
    comments: list = field(default_factory=list)


class _Plan:
    def __init__(self, source, blog, by, pages_as_posts, dry_run):
        self.source, self.blog, self.by = source, blog, by
        self.report = Report(source_kind=source.kind, source_title=source.title, dry_run=dry_run)
        self.report.skipped = [(item.what, item.reason) for item in source.skipped]
        self.colleagues = _Colleagues()
        self.authors = {}  # (name, email) -> Author in the report
        known = SourceItem.objects.filter(blog=blog).exclude(kind=SourceItem.Kind.IMAGE)
        self.known_posts = {
            item.source_key: item.post for item in known.filter(post__isnull=False).select_related("post")
        }
        self.known_comments = dict(known.filter(comment__isnull=False).values_list("source_key", "comment_id"))
        self.posts = []
        for post in source.posts:
            if post.is_page and not pages_as_posts:
                self.report.skipped.append(
                    (
                        post.title or _("(zonder titel)"),
                        _("een pagina; kies 'Pagina's ook als bericht' om hem mee te nemen"),
                    )
                )
                continue
            self._plan_post(post)
        self.report.authors = sorted(self.authors.values(), key=lambda author: (-author.comments, author.name))

    def key(self, source_id):
        """A SourceItem key: the old site and the item's id there (hashed when very long)."""
        key = f"{self.source.kind}:{self.source.site}:{source_id}"
        return key if len(key) <= 500 else f"{self.source.kind}:sha256:{hashlib.sha256(key.encode()).hexdigest()}"

    def post_author_for(self, post):
        """A personal blog's posts are its owner's; elsewhere the colleague matched, or whoever imports."""
        if self.blog.owner_id:
            return self.blog.owner
        colleague = self.colleagues.match(post.author_name, post.author_email)[0] if post else None
        return colleague or self.by

    def _plan_post(self, post):
        existing = self.known_posts.get(self.key(post.source_id))
        author = self.post_author_for(post)
        if author.name not in self.report.post_authors:
            self.report.post_authors.append(author.name)
        body = post.markdown if post.markdown is not None else to_markdown(post.html)
        if existing is None:
            try:
                validate_markdown(body)
            except ValidationError as error:
                self.report.skipped.append((post.title, " ".join(error.messages)))
                return
            self.report.posts_new += 1
            self.report.drafts_new += post.is_draft
        else:
            self.report.posts_present += 1
        planned = _PlannedPost(source=post, body=body, author=author, post=existing)
        planned.comments = self._plan_comments(post)
        self.posts.append(planned)

    def _plan_comments(self, post):
        """The post's comments to write, each after the one it answers, with that one's source id.

        A comment left out (spam, pending, a pingback) takes no replies with it: they answer the
        nearest comment above it that is kept. A reply whose parent is not in the file answers the
        post itself, and the report says so.
        """
        by_id = {comment.source_id: comment for comment in post.comments}
        kept, order, placed = {}, [], set()
        for comment in post.comments:
            if comment.state not in KEPT_STATES:
                self.report.skipped.append(
                    (
                        _("Reactie van %(name)s bij '%(title)s'") % {"name": comment.author_name, "title": post.title},
                        str(LEFT_OUT.get(comment.state, comment.state)),
                    )
                )
        for comment in sorted(post.comments, key=lambda comment: comment.created_at):
            self._place(comment, by_id, kept, order, placed, post)
        planned = []
        for comment in order:
            key = self.key(comment.source_id)
            if key in self.known_comments:
                self.report.comments_present += 1
            else:
                body = comment.markdown if comment.markdown is not None else to_markdown(comment.html)
                if comment.state != "removed":
                    try:
                        validate_markdown(body)
                    except ValidationError as error:
                        self.report.skipped.append(
                            (_("Reactie van %(name)s") % {"name": comment.author_name}, " ".join(error.messages))
                        )
                        continue
                self.report.comments_new += 1
                colleague = self._author(comment.author_name, comment.author_email)
                planned.append((comment, kept[comment.source_id], body, colleague))
        return planned

    def _place(self, comment, by_id, kept, order, placed, post):
        """Put `comment` in `order` after its parent; kept[id] becomes the source id it answers."""
        if comment.state not in KEPT_STATES or comment.source_id in placed:
            return
        placed.add(comment.source_id)
        parent_id, seen = comment.parent_id, {comment.source_id}
        while parent_id and parent_id in by_id and by_id[parent_id].state not in KEPT_STATES and parent_id not in seen:
            seen.add(parent_id)
            parent_id = by_id[parent_id].parent_id
        if parent_id and (parent_id not in by_id or parent_id in seen):
            self.report.notes.append(
                _(
                    "De reactie van %(name)s bij '%(title)s' antwoordt op een reactie die niet in het bestand staat; "
                    "ze staat nu direct onder het bericht."
                )
                % {"name": comment.author_name, "title": post.title}
            )
            parent_id = None
        if parent_id:
            self._place(by_id[parent_id], by_id, kept, order, placed, post)
            if parent_id not in kept:  # the parent's own chain led back here: a loop in the file
                parent_id = None
        kept[comment.source_id] = parent_id
        order.append(comment)

    def _author(self, name, email):
        """Count a comment by `name` <email> in the report's authors; return the colleague it is theirs
        as (by e-mail, then by name), or None: then it stays theirs, under their own name."""
        colleague, how = self.colleagues.match(name, email)
        entry = self.authors.get((name, email.lower()))
        if entry is None:
            entry = self.authors[(name, email.lower())] = Author(name=name or _("(zonder naam)"), email=email)
            if colleague:
                entry.colleague, entry.colleague_name, entry.matched_by = colleague.username, colleague.name, how
        entry.comments += 1
        return colleague

    def count_images(self):
        """For a dry run: how many images the import would bring in, and how many are there already."""
        images = {}
        for item in self.posts:
            if item.post is None:
                images.update(found_in(item.source, self.source.site))
        present = known_copies(images, blog=self.blog, key_of=self.key)
        self.report.images_present = len(present)
        self.report.images_new = len(images) - len(present)

    def write(self, item, copies):
        source = item.source
        post = item.post
        if post is None:
            post = Post(
                blog=self.blog,
                author=item.author,
                title=(source.title.strip() or _("(zonder titel)"))[:TITLE_LENGTH],
                body=point_to_copies(item.body, copies, self.source.site),
            )
            published_at = source.published_at or timezone.now()
            save_post(
                post,
                publish=not source.is_draft,
                published_at=published_at,
                tag_names=[tag[:TAG_LENGTH] for tag in source.tags],
                announce=False,
                by=self.by,  # who brought the images in: the post may show them (blogs/images.py)
            )
            Post.objects.filter(pk=post.pk).update(created_at=published_at)
            SourceItem.objects.create(
                blog=self.blog, kind=SourceItem.Kind.POST, source_key=self.key(source.source_id), post=post
            )
        ids = dict(self.known_comments)
        for comment, parent_source_id, body, colleague in item.comments:
            parent_pk = ids.get(self.key(parent_source_id)) if parent_source_id else None
            parent = Comment(pk=parent_pk) if parent_pk else None
            written = add_comment(
                post=post,
                author=colleague,
                body="" if comment.state == "removed" else body,
                parent=parent,
                created_at=comment.created_at,
                guest=None if colleague else _guest(comment),
                announce=False,
            )
            if comment.state == "removed":
                remove_comment(written, by=None)
            key = self.key(comment.source_id)
            SourceItem.objects.create(blog=self.blog, kind=SourceItem.Kind.COMMENT, source_key=key, comment=written)
            ids[key] = written.pk
        self.known_comments = ids


def _guest(comment):
    url = comment.author_url.strip()
    return {
        "guest_name": (comment.author_name.strip() or _("(zonder naam)"))[:200],
        "guest_email": comment.author_email.strip()[:254],
        "guest_url": url[:500] if url.startswith(("http://", "https://")) else "",
    }


class _Colleagues:
    """Who in Blognet wrote under a name and e-mail address: matched by e-mail first, then by name.

    A name two colleagues share matches neither: better an imported guest than the wrong person.
    """

    def __init__(self):
        self.by_email, self.by_name = {}, {}
        for user in User.objects.only("username", "email", "display_name", "first_name", "last_name"):
            if user.email:
                self.by_email.setdefault(user.email.lower(), user)
            name = _normal(user.name)
            self.by_name[name] = None if name in self.by_name else user

    def match(self, name, email):
        """(the colleague, "email" or "name"), or (None, "")."""
        if email and email.lower() in self.by_email:
            return self.by_email[email.lower()], "email"
        colleague = self.by_name.get(_normal(name)) if name else None
        return (colleague, "name") if colleague else (None, "")


def _normal(name):
    return " ".join(name.casefold().split())
