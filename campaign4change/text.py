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


# Characters of HTML read for an excerpt before falling back to the whole body: forty
# words of prose need a few hundred, even with generous markup.
EXCERPT_SCAN = 1500


def plain_words(html_text):
    """The words of rich text, as plain text."""
    # Paragraph ends become spaces, so "end.</p><p>Next" does not read "end.Next".
    return html.unescape(strip_tags(BLOCK_BOUNDARY.sub(" ", html_text))).split()


def excerpt_from_html(body, words=40):
    """The first `words` words of a rich-text body, as plain text."""
    body = body or ""
    if len(body) > EXCERPT_SCAN:
        # Stripping a ~6 KB body to keep 40 words took 0.1 ms a post. Its start will do
        # when it holds two words more than are kept: only its last (a word, entity or
        # tag cut in two) can differ from the whole body's, and the one before it tells
        # that there is more, so the excerpt ends "…" as the whole body's does.
        head = body[:EXCERPT_SCAN]
        opened = head.rfind("<")
        if opened > head.rfind(">"):
            head = head[:opened]  # a tag cut in two
        found = plain_words(head)
        if len(found) > words + 1:
            return Truncator(" ".join(found)).words(words, truncate="…")
    return Truncator(" ".join(plain_words(body))).words(words, truncate="…")


def join_names(names):
    """'A', 'A and B', 'A, B and C' — the byline style of the site."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def unique_slug(model, base, exclude_pk=None, max_length=200):
    """`base`, or `base-2`, `base-3`... whichever is free in `model`."""
    base = base[: max_length - 6]
    taken = set(
        model.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
