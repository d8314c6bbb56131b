from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Reacties")

    def ready(self):
        from blogs.marks import provide

        from . import receivers  # noqa: F401  (records the mentions of published posts)
        from .reactions import card_reactions

        provide(card_reactions)  # a post's reactions on its card, one query for a page of cards
