from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from blognet.feeds import ReaderFeed

from .models import Agreement

FEED_LENGTH = 50


class AgreementFeed(ReaderFeed):
    """The newest agreements the reader may read, with owner, due date and state."""

    summary_type = "text"

    def title(self):
        return _("Blognet: afspraken")

    def link(self):
        return reverse("decisions:agreement_register")

    def feed_guid(self):
        return "urn:blognet:feed:agreements"

    def items(self, reading):
        agreements = Agreement.objects.readable_by(reading.reader).for_listing()
        return agreements.order_by("-recorded_at", "-pk")[:FEED_LENGTH]

    def item_title(self, agreement):
        return agreement.proposal.post.title

    def item_description(self, agreement):
        return _("%(state)s · eigenaar %(owner)s · klaar op %(due)s") % {
            "state": agreement.shown_state(),
            "owner": agreement.owner.name,
            "due": date_format(agreement.due_date, "j F Y"),
        }

    def item_extra_kwargs(self, agreement):
        return {"content": agreement.body_html}

    def item_link(self, agreement):
        return agreement.get_absolute_url()

    def item_author_name(self, agreement):
        return agreement.owner.name

    def item_pubdate(self, agreement):
        return agreement.recorded_at

    def item_updateddate(self, agreement):
        return agreement.closed_at or agreement.recorded_at

    def item_guid(self, agreement):
        return f"urn:blognet:agreement:{agreement.pk}"

    item_guid_is_permalink = False
