"""What the WXR reader yields: the site, its authors and terms, and items; its error."""

from dataclasses import dataclass, field
from datetime import datetime


class WXRError(Exception):
    """The file cannot be imported; the message says where and, if known, which item."""

    def __init__(self, message, line=None, item=None):
        self.line = line
        self.item = item
        where = f"line {line}: " if line else ""
        which = f" (in {item})" if item else ""
        super().__init__(f"{where}{message}{which}")


@dataclass
class Site:
    title: str = ""
    link: str = ""
    wxr_version: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""


@dataclass
class WPAuthor:
    login: str
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    wp_id: str = ""


@dataclass
class WPTerm:
    """A category, tag or other taxonomy term declared in the channel header."""

    taxonomy: str
    slug: str
    name: str
    parent: str = ""
    description: str = ""
    term_id: str = ""


@dataclass
class WPCategory:
    """A term an item is filed under (<category domain=... nicename=...>)."""

    taxonomy: str
    slug: str
    name: str


@dataclass
class WPItem:
    line: int
    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    post_id: str = ""
    post_date: datetime | None = None
    post_date_gmt: datetime | None = None
    post_name: str = ""
    status: str = ""
    post_type: str = ""
    post_password: str = ""
    is_sticky: bool = False
    parent: str = ""
    attachment_url: str = ""
    categories: list = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    comment_count: int = 0

    @property
    def label(self):
        return item_label(self.title, self.post_id)


def item_label(title, post_id):
    parts = []
    if title:
        parts.append(f"item “{title[:80]}”")
    if post_id:
        parts.append(f"wp:post_id {post_id}")
    return ", ".join(parts) if parts else "an item with no title or wp:post_id yet"
