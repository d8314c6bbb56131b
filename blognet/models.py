from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models, transaction
from django.db.models import F, QuerySet

# True inside ContentGeneration.bumped_once(): the generation went up already in this transaction.
_bumped = ContextVar("bumped", default=False)


class ContentGeneration(models.Model):
    """A number that goes up with every write that changes what some page shows everybody.

    Fragments that are the same for every reader are cached under keys holding this number
    (blogs/fragments.py). The cache is each worker's own memory, where deleting a key would reach
    one worker only; every worker reads this row, so each sees a write at its next request. It is
    bumped inside the write's transaction, so the new number is seen together with the new rows.
    """

    value = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return str(self.value)

    @classmethod
    def bump(cls):
        """Call first in a write's transaction: every writer then takes this row's lock before any
        other, so two writers never wait for each other's rows crosswise (a deadlock)."""
        if not cls.objects.filter(pk=1).update(value=F("value") + 1):
            # Only after a flush (transactional tests): the migration made the row.
            cls.objects.bulk_create([cls(pk=1, value=1)], ignore_conflicts=True)

    @classmethod
    @contextmanager
    def bumped_once(cls):
        """One transaction of many writes (an import) bumps the generation once, first, not per row."""
        with transaction.atomic():
            cls.bump()
            token = _bumped.set(True)
            try:
                yield
            finally:
                _bumped.reset(token)

    @classmethod
    def current(cls):
        return cls.objects.filter(pk=1).values_list("value", flat=True).first() or 0


class ShownInFragments:
    """For models whose rows cached fragments show (posts, comments, names, blogs, tags): every save,
    from a service, the admin or a command, bumps the generation first, in the same transaction.
    Deletions bump through bump_on_delete, which each model's app connects to pre_delete."""

    # Fields whose change alone no fragment shows: saving only these bumps nothing (a login).
    not_shown = frozenset()

    def save(self, **kwargs):
        fields = kwargs.get("update_fields")
        if (fields is not None and set(fields) <= self.not_shown) or _bumped.get():
            return super().save(**kwargs)
        with transaction.atomic():
            ContentGeneration.bump()
            return super().save(**kwargs)


def bump_on_delete(sender, instance, origin=None, **kwargs):
    """pre_delete: Django sends it inside the deletion's transaction, before any row is deleted.
    Once for what was deleted, not again for each row that goes with it (a post's comments)."""
    if (origin is instance or (isinstance(origin, QuerySet) and origin.model is sender)) and not _bumped.get():
        ContentGeneration.bump()
