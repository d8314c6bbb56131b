"""Participation per month, overall and per department: counts only, aggregated in the database.

Nine queries whatever the number of months, people, posts, comments or proposals. Every person
belongs to one department, so distinct counts per department add up to the overall figures: the
overall row is the sum of the department rows (a handful of aggregated rows, not data rows).

From idea to agreement (issue 9): proposals and their agreements count for the department of
the proposer; answering counts for the department of the colleague who answered. The median
days from idea to agreement is taken in Python over the month's day counts, one row per agreement
(a month has a few dozen agreements, not thousands).
"""

import datetime
import statistics
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce, Least, TruncMonth
from django.utils import timezone

from blogs.models import Post
from comments.models import Comment, Reaction
from decisions.models import Agreement, Proposal, Response
from people.models import User

FIGURES = ["writers", "commenters", "participants", "newcomers", "posts", "comments"]
DECISION_FIGURES = ["proposals", "responders", "agreements", "done_on_time"]


@dataclass
class Month:
    month: datetime.date
    staff: int = 0
    writers: int = 0
    commenters: int = 0
    participants: int = 0
    newcomers: int = 0
    posts: int = 0
    comments: int = 0
    proposals: int = 0
    responders: int = 0  # colleagues who answered at least one proposal that month
    agreements: int = 0
    done_on_time: int = 0  # agreements marked done that month, on or before their due date
    idea_days: list = field(default_factory=list, repr=False)  # per agreement made: days since its post

    @property
    def share(self):
        """The share of staff who wrote, commented or reacted that month, in percent."""
        return round(100 * self.participants / self.staff, 1) if self.staff else 0.0

    @property
    def responder_share(self):
        """The share of staff who answered at least one proposal that month, in percent."""
        return round(100 * self.responders / self.staff, 1) if self.staff else 0.0

    @property
    def median_days(self):
        """Median days from the idea (its post published) to the agreement recorded; None without any."""
        return round(statistics.median(self.idea_days), 1) if self.idea_days else None


@dataclass
class Participation:
    months: list
    departments: list
    by_department: dict = field(default_factory=dict)  # department -> list of Month

    def rows(self, department=None):
        return self.by_department.get(department, []) if department else self.months


def month_key(value):
    """TruncMonth values arrive as datetimes, or as text from raw SQL on SQLite."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.date().replace(day=1)
    return datetime.date.fromisoformat(str(value)[:10]).replace(day=1)


def month_range(count, today):
    first = today.replace(day=1)
    months = []
    for _ in range(count):
        months.append(first)
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return list(reversed(months))


def participation(*, months=12, today=None):
    today = today or timezone.localdate()
    wanted = month_range(months, today)
    since = datetime.datetime.combine(wanted[0], datetime.time(), tzinfo=timezone.get_current_timezone())
    cells = {}  # (month, department) -> Month

    def cell(month, department):
        month = month_key(month)
        return cells.setdefault((month, department or ""), Month(month))

    posts = Post.objects.published().filter(published_at__gte=since)
    # Imported guests' comments (no author) are old writing of people who are not staff.
    comments = Comment.objects.shown().filter(created_at__gte=since, author__isnull=False)
    for row in (
        posts.annotate(month=TruncMonth("published_at"))
        .values("month", "author__department")
        .annotate(n=Count("id"), people=Count("author", distinct=True))
    ):
        target = cell(row["month"], row["author__department"])
        target.posts, target.writers = row["n"], row["people"]
    for row in (
        comments.annotate(month=TruncMonth("created_at"))
        .values("month", "author__department")
        .annotate(n=Count("id"), people=Count("author", distinct=True))
    ):
        target = cell(row["month"], row["author__department"])
        target.comments, target.commenters = row["n"], row["people"]
    reactions = Reaction.objects.filter(created_at__gte=since)
    for month, department, people in _participants(posts, comments, reactions):
        cell(month, department).participants = people
    for row in _newcomers(since):
        cell(row["month"], row["department"]).newcomers = row["n"]
    _decisions(since, cell)

    # Staff are the active colleagues: site admins (often an IT account) and people who left are not.
    colleagues = User.objects.filter(is_active=True, is_superuser=False)
    staff = dict(colleagues.values_list("department").annotate(n=Count("id")))
    departments = sorted(name for name in staff if name)
    by_department = {}
    for department in [*departments, ""]:
        rows = []
        for month in wanted:
            row = cells.get((month, department), Month(month))
            row.staff = staff.get(department, 0)
            rows.append(row)
        by_department[department] = rows
    overall = [Month(month, staff=sum(staff.values())) for month in wanted]
    for rows in by_department.values():
        for total, row in zip(overall, rows, strict=True):
            for name in FIGURES + DECISION_FIGURES:
                setattr(total, name, getattr(total, name) + getattr(row, name))
            total.idea_days += row.idea_days
    by_department.pop("", None)
    return Participation(months=overall, departments=departments, by_department=by_department)


def _participants(posts, comments, reactions):
    """(month, department, people who wrote, commented or reacted): a UNION, counted in the database."""
    # Counted among the staff only (see participation()): a site admin's writing is no participation.
    posts, comments = posts.exclude(author__is_superuser=True), comments.exclude(author__is_superuser=True)
    reactions = reactions.exclude(user__is_superuser=True)
    columns = {"dept": F("author__department"), "person": F("author_id")}
    wrote = posts.annotate(month=TruncMonth("published_at"), **columns).values_list("month", "dept", "person")
    commented = comments.annotate(month=TruncMonth("created_at"), **columns).values_list("month", "dept", "person")
    reacted = reactions.annotate(
        month=TruncMonth("created_at"), dept=F("user__department"), person=F("user_id")
    ).values_list("month", "dept", "person")
    # UNION drops duplicates: one row per person per month, however much they wrote.
    union = wrote.order_by().union(commented.order_by(), reacted.order_by())
    sql, params = union.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT month, dept, COUNT(*) FROM ({sql}) activity GROUP BY month, dept", params)
        return cursor.fetchall()


def _newcomers(since):
    """People counted in the month of their very first post or comment (one query)."""
    first_post = Subquery(
        Post.objects.published().filter(author=OuterRef("pk")).order_by("published_at").values("published_at")[:1]
    )
    first_comment = Subquery(
        Comment.objects.filter(author=OuterRef("pk")).order_by("created_at").values("created_at")[:1]
    )
    first = Least(Coalesce(first_post, first_comment), Coalesce(first_comment, first_post))
    return (
        User.objects.annotate(first=first)
        .filter(first__gte=since)
        .annotate(month=TruncMonth("first"))
        .values("month", "department")
        .annotate(n=Count("id"))
    )


def _decisions(since, cell):
    """Proposals opened, colleagues who answered, agreements made and done on time, and the
    days from idea to agreement, per month and department (four queries)."""
    for row in (
        Proposal.objects.filter(opened_at__gte=since)
        .annotate(month=TruncMonth("opened_at"))
        .values("month", "proposer__department")
        .annotate(n=Count("id"))
    ):
        cell(row["month"], row["proposer__department"]).proposals = row["n"]
    for row in (
        Response.objects.filter(answered_at__gte=since)
        .annotate(month=TruncMonth("answered_at"))
        .values("month", "person__department")
        .annotate(people=Count("person", distinct=True))
    ):
        cell(row["month"], row["person__department"]).responders = row["people"]
    for row in (
        Agreement.objects.filter(state=Agreement.State.DONE, closed_at__gte=since, closed_at__date__lte=F("due_date"))
        .annotate(month=TruncMonth("closed_at"))
        .values("month", "proposal__proposer__department")
        .annotate(n=Count("id"))
    ):
        cell(row["month"], row["proposal__proposer__department"]).done_on_time = row["n"]
    made = (
        Agreement.objects.filter(recorded_at__gte=since)
        .annotate(month=TruncMonth("recorded_at"))
        .values_list("month", "proposal__proposer__department", "recorded_at", "proposal__post__published_at")
    )
    for month, department, recorded_at, published_at in made:
        target = cell(month, department)
        target.agreements += 1
        target.idea_days.append((recorded_at - published_at).total_seconds() / 86400)
