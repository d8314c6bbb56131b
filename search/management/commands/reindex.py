"""Rebuild the whole search index from the posts, comments, agreements, colleagues and tags.

What a site writes is indexed as it is written; this is for a site that had posts before search
existed (run it once after `migrate`), after a restore, or when the indexed text changes.
Each batch is its own transaction, so the site stays usable; what is written meanwhile is
indexed by the write path as always.
"""

import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from blogs.models import Post, Tag
from comments.models import Comment
from decisions.models import Agreement
from search import index

try:
    from tqdm import tqdm
except ImportError:  # a plain counter does the same job
    tqdm = None


def progress(total, desc, quiet):
    if quiet:
        return _Quiet()
    if tqdm is not None:
        return tqdm(total=total, desc=desc, unit=" rijen")
    return _Plain(total, desc)


class _Quiet:
    def update(self, n):
        pass

    def close(self):
        pass


class _Plain:
    def __init__(self, total, desc):
        self.total, self.desc, self.done = total, desc, 0

    def update(self, n):
        self.done += n
        print(f"\r{self.desc}: {self.done}/{self.total}", end="", flush=True)

    def close(self):
        print()


def batches(queryset, size):
    """`queryset` in primary-key order, `size` rows at a time, each read with one query (keyset)."""
    last = 0
    while True:
        rows = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        if not rows:
            return
        yield rows
        last = rows[-1].pk


def posts(rows):
    return [index.post_document(post, [tag.name for tag in post.tags.all()]) for post in rows]


KINDS = [
    (
        "berichten",
        Post.objects.only("pk", "author_id", "published_at", "title", "body_html").prefetch_related("tags"),
        posts,
    ),
    (
        "reacties",
        Comment.objects.only("pk", "post_id", "author_id", "created_at", "body_html"),
        lambda rows: [index.comment_document(c) for c in rows],
    ),
    (
        "afspraken",
        Agreement.objects.select_related("proposal"),
        lambda rows: [index.agreement_document(a, a.proposal.post_id) for a in rows],
    ),
    ("collega's", get_user_model().objects.all(), lambda rows: [index.person_document(p) for p in rows]),
    ("tags", Tag.objects.all(), lambda rows: [index.tag_document(t) for t in rows]),
]


class Command(BaseCommand):
    help = "Bouwt de zoekindex opnieuw op (na de eerste migratie van zoeken, of na een herstel)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args, batch_size, verbosity, **options):
        started = time.perf_counter()
        total = 0
        for name, queryset, documents in KINDS:
            bar = progress(queryset.count(), name, quiet=verbosity == 0)
            for rows in batches(queryset, batch_size):
                with transaction.atomic():
                    index.write(documents(rows))
                bar.update(len(rows))
                total += len(rows)
            bar.close()
        if verbosity:
            self.stdout.write(f"{total} rijen geïndexeerd in {time.perf_counter() - started:.1f} s.")
