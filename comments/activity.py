"""Where the conversation is: shared by the front page's sidebar and the digest e-mail.

Counted from DailyComments, which comments.services keeps up to date in the same transaction as
each comment: a week is a few rows per active post per day, whatever the number of comments.
"""

from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, Subquery, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from blogs.models import Post
from people.models import User

from .models import Comment, DailyComments


def count_comment(comment, change):
    """Add `change` (1 or -1) to the count of the day `comment` was written."""
    day = timezone.localdate(comment.created_at)
    counted = DailyComments.objects.filter(post_id=comment.post_id, day=day)
    if counted.update(count=F("count") + change):
        return
    try:
        with transaction.atomic():
            DailyComments.objects.create(post_id=comment.post_id, day=day, count=change)
    except IntegrityError:  # another comment on the same post and day made the row just now
        counted.update(count=F("count") + change)


def recount_days(posts=None):
    """Count every day again from the comments themselves (after a bulk import or generate_data)."""
    comments = Comment.objects.shown()
    rows = DailyComments.objects.all()
    if posts is not None:
        comments, rows = comments.filter(post__in=posts), rows.filter(post__in=posts)
    rows.delete()
    zone = timezone.get_current_timezone()
    per_day = comments.annotate(day=TruncDate("created_at", tzinfo=zone)).values("post", "day").annotate(n=Count("id"))
    DailyComments.objects.bulk_create(
        (DailyComments(post_id=row["post"], day=row["day"], count=row["n"]) for row in per_day.iterator()),
        batch_size=2000,
    )


def liveliest_posts(*, first_day, last_day, limit=5):
    """The published posts with the most comments made from `first_day` to `last_day` (dates,
    both included), each with `new_comments`. Two queries, over that period's rows only.

    The period's counts are added up by the day index alone and the posts checked here: with the
    post's condition in the query, SQLite without statistics starts from every published post.
    """
    days = DailyComments.objects.filter(day__gte=first_day, day__lte=last_day)
    counts = days.values("post").annotate(n=Sum("count")).filter(n__gt=0).order_by("-n", "-post")[: limit * 4]
    counts = list(counts)
    posts = Post.objects.select_related("blog").in_bulk([row["post"] for row in counts])
    liveliest = []
    for row in counts:
        post = posts[row["post"]]
        if post.is_published() and len(liveliest) < limit:
            post.new_comments = row["n"]
            liveliest.append(post)
    return liveliest


def latest_of_each(people):
    """{person id: {"post": their latest published post, "comment": their latest comment}}, for a page
    of the directory.

    Two queries for the whole page. In each, a subquery per person walks that person's rows from the
    newest end of an index (author, date) and stops at the first that counts, so the cost is a few
    index steps per person, however long their history. The texts themselves are not read.
    """
    ids = [person.pk for person in people]
    page = User.objects.filter(pk__in=ids)
    newest_post = Post.objects.published().filter(author=OuterRef("pk")).order_by("-published_at").values("pk")[:1]
    newest_comment = (
        Comment.objects.on_published_posts()
        .shown()
        .filter(author=OuterRef("pk"))
        .order_by("-created_at")
        .values("pk")[:1]
    )
    posts = Post.objects.filter(pk__in=page.annotate(newest=Subquery(newest_post)).values("newest"))
    comments = Comment.objects.filter(pk__in=page.annotate(newest=Subquery(newest_comment)).values("newest"))
    activity = {pk: {} for pk in ids}
    for post in posts.select_related("blog").defer("body", "body_html", "excerpt"):
        activity[post.author_id]["post"] = post
    for comment in comments.select_related("post__blog").defer(
        "body", "body_html", "post__body", "post__body_html", "post__excerpt"
    ):
        activity[comment.author_id]["comment"] = comment
    return activity
