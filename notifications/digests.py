"""The digest e-mail: what waits for you, new posts by blog, the liveliest discussions, mentions not yet seen.

`manage.py send_digests --period weekly` (cron or a systemd timer, README.md) sends one per person
per period; a DigestSent row is written before the mail goes out, so a second run for the same
period sends nothing twice. A failed send removes the row again, so the next run retries.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from blogs.models import Post
from comments.activity import liveliest_posts
from comments.models import Mention
from decisions.waiting import waiting_for
from people.models import User

from .kinds import MENTION, REPLY
from .models import Digest, DigestSent, EmailPreference, Notification, digest_for

UNSUBSCRIBE_SALT = "blognet.digest.unsubscribe"
MAX_POSTS = 60


@dataclass
class Period:
    kind: str
    start: datetime.datetime
    end: datetime.datetime

    @classmethod
    def ending_before(cls, kind, today):
        """The last whole day, or the last whole week (Monday to Sunday), before `today`."""
        days = 1 if kind == Digest.DAILY else 7
        end_day = today if kind == Digest.DAILY else today - datetime.timedelta(days=today.weekday())
        start_day = end_day - datetime.timedelta(days=days)
        zone = timezone.get_current_timezone()
        return cls(
            kind,
            datetime.datetime.combine(start_day, datetime.time(), tzinfo=zone),
            datetime.datetime.combine(end_day, datetime.time(), tzinfo=zone),
        )


def period_content(period):
    """What is the same for every reader: published posts are readable by all staff."""
    posts = (
        Post.objects.published()
        .filter(published_at__gte=period.start, published_at__lt=period.end)
        .for_listing()
        .order_by("blog__title", "-published_at")[:MAX_POSTS]
    )
    by_blog = {}
    for post in posts:
        by_blog.setdefault(post.blog, []).append(post)
    discussions = liveliest_posts(
        first_day=period.start.date(), last_day=period.end.date() - datetime.timedelta(days=1)
    )
    return {"posts_by_blog": list(by_blog.items()), "discussions": discussions}


def recipients(kind):
    """Everyone whose (chosen or role's) digest is `kind` and who has an e-mail address (3 queries)."""
    people = User.objects.filter(is_active=True).exclude(email="").order_by("pk")
    preferences = {p.user_id: p for p in EmailPreference.objects.all()}
    manager_ids = set(User.objects.managers().values_list("pk", flat=True))
    return [
        person
        for person in people
        if digest_for(preferences.get(person.pk), is_manager=person.pk in manager_ids) == kind
    ]


def unsubscribe_url(user):
    token = signing.dumps({"user": user.pk}, salt=UNSUBSCRIBE_SALT)
    return settings.BLOGNET_SITE_URL + reverse("notifications:digest_unsubscribe", args=[token])


def user_from_unsubscribe_token(token):
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=data.get("user"), is_active=True).first()


def build_digest(user, period, shared):
    # A mention in an answer to you is told as the answer (REPLY comes first in kinds.KINDS), and is
    # still a mention here; one in a comment removed since is not.
    mentioned = Mention.objects.filter(comment=OuterRef("comment"), user=user)  # by the comment's index
    mentions = (
        Notification.objects.for_recipient(user)
        .filter(Q(kind=MENTION.key) | Q(Exists(mentioned), kind=REPLY.key))
        .filter(comment__removed_at__isnull=True)  # a post's mention, without a comment, too
        .unread()
        .for_listing()
        .order_by("-created_at")[:10]
    )
    context = {
        **shared,
        "person": user,
        "period": period,
        "mentions": list(mentions),
        # "Wacht op jou" as on the front page: at the moment of sending, not of the period.
        "waiting": waiting_for(user),
        "site": settings.BLOGNET_SITE_URL,
        "unsubscribe_url": unsubscribe_url(user),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("notifications/digest_subject.txt", context).strip()
        text = render_to_string("notifications/digest.txt", context)
        html = render_to_string("notifications/digest.html", context)
    headers = {
        # RFC 8058: mail programs show an unsubscribe button that POSTs here, no login needed.
        "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    message = EmailMultiAlternatives(subject, text, to=[user.email], headers=headers)
    message.attach_alternative(html, "text/html")
    return message


def send_digest(user, period, shared, connection):
    """Send one person's digest for `period`, unless it was sent already. True when sent now."""
    try:
        with transaction.atomic():
            sent = DigestSent.objects.create(user=user, period=period.kind, period_start=period.start.date())
    except IntegrityError:
        return False
    message = build_digest(user, period, shared)
    message.connection = connection
    try:
        message.send()
    except Exception:
        sent.delete()  # not sent: the next run tries again
        raise
    return True


def today():
    return timezone.localdate()
