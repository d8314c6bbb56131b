"""What an export holds, read from Blogger's or WordPress's file into one neutral shape.

The readers (imports.blogger, imports.wordpress) fill these; imports.importer writes them as
Blognet's posts and comments. Texts are the source's HTML (or, from Blognet's own export, the
Markdown source); moments are aware datetimes.
"""

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class SourceComment:
    source_id: str  # unique within the export
    parent_id: str | None  # the source_id of the comment it answers; None for one on the post
    author_name: str
    author_email: str
    author_url: str
    html: str
    created_at: datetime
    # "approved"; "pending", "spam", "trash" or "pingback" (left out, their replies kept); "removed"
    # (Blognet's own export: a removed comment keeps its place in the thread, without its text).
    state: str = "approved"
    markdown: str | None = None  # set when the export carries Blognet's Markdown source


@dataclass
class SourcePost:
    source_id: str  # unique within the export
    title: str
    html: str
    published_at: datetime | None
    is_draft: bool
    is_page: bool = False
    tags: list[str] = field(default_factory=list)
    author_name: str = ""
    author_email: str = ""
    link: str = ""  # its address on the old blog
    comments: list[SourceComment] = field(default_factory=list)
    markdown: str | None = None


@dataclass
class Skipped:
    what: str  # "Instellingen", a title, "Reactie van Piet op ..."
    reason: str  # Dutch (gettext), for the report


@dataclass
class SourceBlog:
    kind: str  # "blogger" or "wordpress"
    title: str
    # The old blog's own address (WordPress's base_site_url, Blogger's blog id): source ids are
    # unique only within one site, so the importer keys items by site and id together.
    site: str = ""
    posts: list[SourcePost] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    # Files that came inside the upload (Blognet's own export zip): image address -> bytes loader.
    files: dict[str, object] = field(default_factory=dict)
