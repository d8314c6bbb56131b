"""Where the conversation is: shared by the front page's sidebar and the digest e-mail."""

from django.db.models import Count

from blogs.models import Post

from .models import Comment


def liveliest_posts(*, since, until=None, limit=5):
    """The published posts with the most comments made in [since, until), each with `new_comments`.

    Two queries: counting starts from the period's comments (an index on created_at), not from all
    posts, so it stays fast however many posts there are.
    """
    comments = Comment.objects.shown().on_published_posts().filter(created_at__gte=since)
    if until is not None:
        comments = comments.filter(created_at__lt=until)
    counts = list(comments.values("post").annotate(n=Count("id")).order_by("-n", "-post")[:limit])
    posts = Post.objects.select_related("blog").in_bulk([row["post"] for row in counts])
    for row in counts:
        posts[row["post"]].new_comments = row["n"]
    return [posts[row["post"]] for row in counts]
