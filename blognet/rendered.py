"""Models that keep Markdown in `body` and its HTML from the one pipeline in `body_html`."""

from .markup import RENDER_VERSION, render_markdown
from .text import xml_safe


class RenderedBody:
    """Renders `body` into `body_html` at save, once per change of the text (or of RENDER_VERSION),
    never at read: a row loaded and saved again unchanged, or a soft removal, renders nothing."""

    markup_profile = "post"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        fresh = instance.__dict__.get("render_version") == RENDER_VERSION
        instance._rendered_body = instance.__dict__.get("body") if fresh else None
        return instance

    def save(self, **kwargs):
        self.render_if_changed()
        super().save(**kwargs)

    def render_if_changed(self):
        if getattr(self, "_rendered_body", None) != self.body:
            self.render()

    def render(self):
        self.body = xml_safe(self.body)
        self.body_html = render_markdown(self.body, profile=self.markup_profile)
        self.render_version = RENDER_VERSION
        self._rendered_body = self.body
