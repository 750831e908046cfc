"""The one place rich text is cleaned before it is stored.

The allow-list matches the CKEditor toolbar in settings.CKEDITOR_CONFIGS (headings,
paragraphs, bold/italic, lists, quotes, links, images) plus the figure/caption markup the
WordPress importer produces. Anything else — script, event handlers, style sheets,
iframes, SVG, javascript:/data: URLs — is dropped by nh3 (the Ammonia sanitiser).
"""

import nh3

BLOCK_TAGS = {"p", "h2", "h3", "h4", "pre", "blockquote", "ul", "ol", "li", "hr", "br"}
INLINE_TAGS = {"a", "strong", "em", "b", "i", "u", "s", "code", "sub", "sup", "span"}
MEDIA_TAGS = {"img", "figure", "figcaption"}

RICH_TEXT_TAGS = BLOCK_TAGS | INLINE_TAGS | MEDIA_TAGS
RICH_TEXT_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "title"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}

# A short note (an article update, an editor's note) keeps inline markup only.
INLINE_TEXT_TAGS = INLINE_TAGS - {"span"}


def sanitize_html(html):
    """Return `html` with everything outside the rich-text allow-list removed."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=RICH_TEXT_TAGS,
        attributes=RICH_TEXT_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def sanitize_inline_html(html):
    """Like sanitize_html, for one-line notes: links and emphasis, no blocks or images."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=INLINE_TEXT_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def strip_tags(html):
    """Plain text of `html` (for excerpts, meta descriptions and feeds' summaries)."""
    if not html:
        return ""
    return nh3.clean(html, tags=set(), strip_comments=True)
