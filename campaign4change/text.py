"""Slugs and excerpts shared by every app."""

import hashlib
import html
import re

from anyascii import anyascii
from django.utils.text import Truncator, slugify

from campaign4change.sanitizer import strip_tags


def readable_slugify(text, max_length=200):
    """A readable ASCII slug for text in any script ("Реформа" -> "reforma").

    Transliterates with anyascii before Django's slugify, so Cyrillic, Greek, Arabic and
    CJK titles get a pronounceable slug. Text with no letters at all (emoji, symbols)
    still gets a stable, non-empty slug derived from its hash.
    """
    slug = slugify(anyascii(text or ""))[:max_length].strip("-")
    if not slug:
        digest = hashlib.sha1((text or "").encode(), usedforsecurity=False).hexdigest()[:8]
        slug = f"item-{digest}"
    return slug


BLOCK_BOUNDARY = re.compile(
    r"</(?:p|h[1-6]|li|blockquote|pre|figcaption)>|<br\s*/?>", re.IGNORECASE
)


def excerpt_from_html(body, words=40):
    """The first `words` words of a rich-text body, as plain text."""
    # Paragraph ends become spaces, so "end.</p><p>Next" does not read "end.Next".
    text = " ".join(html.unescape(strip_tags(BLOCK_BOUNDARY.sub(" ", body or ""))).split())
    return Truncator(text).words(words, truncate="…")
