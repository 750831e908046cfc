"""The one place rich text is cleaned before it is stored.

The allow-list is what the CKEditor toolbar in settings.CKEDITOR_CONFIGS can make
(headings, paragraphs, bold/italic/strike, superscript/subscript, lists, quotes, rules,
links, images with a caption and an alignment from the Enhanced Image plugin), plus the
few inline elements the WordPress importer brings (u, code). The editor is configured
from this same list (`editor_allowed_content`), so it neither offers anything that is
thrown away on save nor drops, when it loads a post, anything that was kept. Anything
else — script, event handlers, style sheets and style attributes, iframes, SVG,
javascript:/data: URLs, classes other than the image alignments — is dropped by nh3
(the Ammonia sanitiser).
"""

from html.parser import HTMLParser

import nh3

BLOCK_TAGS = {"p", "h2", "h3", "h4", "pre", "blockquote", "ul", "ol", "li", "hr", "br"}
INLINE_TAGS = {"a", "strong", "em", "b", "i", "u", "s", "code", "sub", "sup"}
MEDIA_TAGS = {"img", "figure", "figcaption"}

RICH_TEXT_TAGS = BLOCK_TAGS | INLINE_TAGS | MEDIA_TAGS
RICH_TEXT_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "title"},
    "ol": {"start"},
}
# The Enhanced Image plugin (image2) marks a captioned image's <figure> with
# CAPTIONED_CLASS and aligns images with these classes (settings: image2_alignClasses),
# never with style attributes: left/right on the <img> or its <figure>, centre on the
# <figure> or a <p> around an uncaptioned image.
CAPTIONED_CLASS = "image"
IMAGE_ALIGN_CLASSES = ("image-left", "image-center", "image-right")
RICH_TEXT_CLASSES = {
    "figure": {CAPTIONED_CLASS, *IMAGE_ALIGN_CLASSES},
    "img": {"image-left", "image-right"},
    "p": {"image-center"},
}
URL_SCHEMES = {"http", "https", "mailto"}

# A short note (an article update, an editor's note) keeps inline markup only.
INLINE_TEXT_TAGS = INLINE_TAGS


def editor_allowed_content():
    """The allow-list as CKEditor 4 `allowedContent` rules ("img[alt,src](image-left)"):
    with them the editor's content filter keeps exactly what sanitize_html keeps."""
    rules = []
    for tag in sorted(RICH_TEXT_TAGS):
        rule = tag
        if attributes := sorted(RICH_TEXT_ATTRIBUTES.get(tag, ())):
            rule += f"[{','.join(attributes)}]"
        if classes := sorted(RICH_TEXT_CLASSES.get(tag, ())):
            rule += f"({','.join(classes)})"
        rules.append(rule)
    return "; ".join(rules)


def sanitize_html(html):
    """Return `html` with everything outside the rich-text allow-list removed."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=RICH_TEXT_TAGS,
        attributes=_ATTRIBUTES_WITH_CLASS,
        attribute_filter=_allowed_classes_only,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


# nh3's own allowed_classes leaves class="" behind when no class is allowed: filter here.
_ATTRIBUTES_WITH_CLASS = {
    tag: RICH_TEXT_ATTRIBUTES.get(tag, set()) | ({"class"} if tag in RICH_TEXT_CLASSES else set())
    for tag in RICH_TEXT_ATTRIBUTES.keys() | RICH_TEXT_CLASSES.keys()
}


def _allowed_classes_only(tag, attribute, value):
    if attribute != "class":
        return value
    allowed = RICH_TEXT_CLASSES.get(tag, ())
    return " ".join(name for name in value.split() if name in allowed) or None


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


def same_rich_text(html, other, sanitize=sanitize_html):
    """Whether `html` and `other` are the same rich text once sanitised, whatever
    CKEditor does to HTML it loads and saves unedited: line breaks and indentation
    around blocks (outside <pre>), attribute order, entities, self-closing tags, and
    <b>/<i> written as <strong>/<em>. Any other difference counts, a space between
    two words or two inline elements included. `sanitize` is the one used on save."""
    return _layout_free(sanitize(html)) == _layout_free(sanitize(other))


# White space next to these is layout (the editor's line breaks), not content.
_LAYOUT_TAGS = BLOCK_TAGS | {"figure", "figcaption"}
# CKEditor's Bold and Italic write <strong> and <em>, and turn <b> and <i> into them.
_EDITOR_SPELLING = {"b": "strong", "i": "em"}


class _Tokens(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tokens = []

    def handle_starttag(self, tag, attrs):
        tag = _EDITOR_SPELLING.get(tag, tag)
        self.tokens.append(("start", tag, tuple(sorted(attrs))))

    def handle_endtag(self, tag):
        self.tokens.append(("end", _EDITOR_SPELLING.get(tag, tag)))

    def handle_data(self, data):
        self.tokens.append(("text", data))


def _layout_free(html):
    """The tokens of sanitised `html`, without white space next to block tags."""
    parser = _Tokens()
    parser.feed(html)
    parser.close()
    tokens, kept, in_pre = parser.tokens, [], 0

    def is_layout(token):
        return token[0] != "text" and token[1] in _LAYOUT_TAGS

    for n, token in enumerate(tokens):
        if token[0] != "text":
            if token[1] == "pre":
                in_pre += 1 if token[0] == "start" else -1
            kept.append(token)
            continue
        text = token[1]
        if not in_pre:
            if n == 0 or is_layout(tokens[n - 1]):
                text = text.lstrip()
            if n + 1 == len(tokens) or is_layout(tokens[n + 1]):
                text = text.rstrip()
        if text:
            kept.append(("text", text))
    return kept


def strip_tags(html):
    """Plain text of `html` (for excerpts, meta descriptions and feeds' summaries)."""
    if not html:
        return ""
    return nh3.clean(html, tags=set(), strip_comments=True)
