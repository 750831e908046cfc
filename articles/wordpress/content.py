"""WordPress post bodies to the HTML this site stores (and titles and names to text).

WordPress keeps classic-editor posts without <p> tags and adds them when it displays a
post (its `wpautop` filter), then expands shortcodes such as [caption]. This module
does the same, once, at import time: `convert_body` returns HTML that reads as it did
on the old site; Article.save() then sanitises it like any other body.

Posts written in the block editor (Gutenberg) already carry their markup, and
WordPress does not auto-paragraph them either; their block comments are dropped by the
sanitiser.
"""

import html
import re

from campaign4change.sanitizer import strip_tags

BLOCK_TAGS = (
    "(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre"
    "|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article"
    "|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)"
)
PRE = re.compile(r"<pre[^>]*>.*?</pre>", re.IGNORECASE | re.DOTALL)
DOUBLE_BR = re.compile(r"<br\s*/?>\s*<br\s*/?>", re.IGNORECASE)
OPENING_BLOCK = re.compile(rf"(<{BLOCK_TAGS}[\s/>])", re.IGNORECASE)
CLOSING_BLOCK = re.compile(rf"(</{BLOCK_TAGS}>)", re.IGNORECASE)
HR = re.compile(r"(<hr\s*?/?>)", re.IGNORECASE)
TAG = re.compile(r"<[^>]*>")
NEWLINE_MARK = " <!-- wpnl --> "
PARAGRAPH_SPLIT = re.compile(r"\n\s*\n")
BARE_URL_PARAGRAPH = re.compile(r"<p>\s*(https?://[^\s<>\"']+)\s*</p>")


def has_blocks(text):
    return "<!-- wp:" in (text or "")


def autop(text):
    """WordPress's wpautop: blank lines become paragraphs, single newlines <br>.

    A port of the rules WordPress applies when it displays a classic post, so that an
    imported body has the paragraphs readers saw. Block-level markup already in the text
    is left alone and never wrapped in <p>.
    """
    if not text.strip():
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n") + "\n"

    # <pre> is never touched: set it aside and put it back at the end.
    pre_blocks = {}

    def keep_pre(match):
        key = f"<pre wp-pre-tag-{len(pre_blocks)}></pre>"
        pre_blocks[key] = match.group(0)
        return key

    text = PRE.sub(keep_pre, text)
    text = DOUBLE_BR.sub("\n\n", text)
    text = OPENING_BLOCK.sub(r"\n\n\1", text)
    text = CLOSING_BLOCK.sub(r"\1\n\n", text)
    text = HR.sub(r"\1\n\n", text)
    # Newlines inside a tag (attributes on several lines) are not paragraph breaks.
    text = TAG.sub(lambda m: m.group(0).replace("\n", NEWLINE_MARK), text)
    text = re.sub(r"\s*<option", "<option", text)
    text = re.sub(r"</option>\s*", "</option>", text)
    text = re.sub(r"\n\n+", "\n\n", text)

    paragraphs = [p for p in PARAGRAPH_SPLIT.split(text) if p]
    text = "".join(f"<p>{p.strip(chr(10))}</p>\n" for p in paragraphs)

    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = re.sub(rf"<p>\s*(</?{BLOCK_TAGS}[^>]*>)\s*</p>", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.IGNORECASE)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(rf"<p>\s*(</?{BLOCK_TAGS}[^>]*>)", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(rf"(</?{BLOCK_TAGS}[^>]*>)\s*</p>", r"\1", text, flags=re.IGNORECASE)

    # Single newlines inside a paragraph are line breaks.
    text = re.sub(
        r"<(script|style|svg|math).*?</\1>",
        lambda m: m.group(0).replace("\n", "<WPPreserveNewline />"),
        text,
        flags=re.DOTALL,
    )
    text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
    text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
    text = text.replace("<WPPreserveNewline />", "\n")

    text = re.sub(rf"(</?{BLOCK_TAGS}[^>]*>)\s*<br />", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(
        r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)",
        r"\1",
        text,
        flags=re.IGNORECASE,
    )
    text = re.sub(r"\n</p>$", "</p>", text)
    for key, block in pre_blocks.items():
        text = text.replace(key, block)
    return text.replace(NEWLINE_MARK, "\n").replace("<!-- wpnl -->", "\n")


# --- Shortcodes -----------------------------------------------------------------------

# [name attrs], [name attrs /], [name attrs]content[/name], and [[name]] for a literal.
SHORTCODE = re.compile(
    r"\[(\[?)(caption|wp_caption|embed|audio|video)(?![\w-])"
    r"([^\]/]*(?:/(?!\])[^\]/]*)*?)"
    r"(?:(/)\]|\](?:([^\[]*(?:\[(?!/\2\])[^\[]*)*)\[/\2\])?)"
    r"(\]?)",
    re.DOTALL,
)
SHORTCODE_ATTRIBUTE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)"""
    r"""|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)"""
)
CAPTIONED_IMAGE = re.compile(
    r"^\s*((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*</a>)?)(.*)$", re.IGNORECASE | re.DOTALL
)


def shortcode_attributes(text):
    attributes = {}
    for match in SHORTCODE_ATTRIBUTE.finditer(text.replace("\u00a0", " ")):
        groups = match.groups()
        for name_index in (0, 2, 4):
            if groups[name_index]:
                attributes[groups[name_index].lower()] = groups[name_index + 1]
                break
    return attributes


def caption_html(attributes, content):
    """[caption]<img ...> Words[/caption] -> <figure><img ...><figcaption>Words"""
    content = content or ""
    caption = attributes.get("caption", "")
    image = content
    if not caption:
        match = CAPTIONED_IMAGE.match(content)
        if match:
            image, caption = match.group(1), match.group(2)
    caption = caption.strip()
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f"<figure>{image.strip()}{figcaption}</figure>"


def link_html(url):
    url = url.strip()
    if not re.match(r"https?://", url):
        return html.escape(url)
    escaped = html.escape(url)
    return f'<a href="{escaped}">{escaped}</a>'


def expand_shortcode(match):
    opening, name, raw_attributes, _self_closing, content, closing = match.groups()
    if opening == "[" and closing == "]":
        return match.group(0)[1:-1]  # [[caption]] is how WordPress writes a literal.
    attributes = shortcode_attributes(raw_attributes)
    if name in {"caption", "wp_caption"}:
        result = caption_html(attributes, content)
    elif name == "embed":
        result = link_html(content or attributes.get("src", ""))
    else:  # audio, video: link to the file, which a reader's browser can play.
        source = attributes.get("src") or attributes.get("mp3") or attributes.get("mp4") or ""
        source = source or next(
            (v for k, v in attributes.items() if k in {"m4a", "ogg", "wav", "webm", "m4v"}), ""
        )
        result = link_html(source) if source else ""
    return opening + result + closing


def expand_shortcodes(text, figures=None):
    """Turn the shortcodes this site understands into HTML; keep any other as text.

    With a `figures` dict, each <figure> is set aside behind a placeholder (autop must
    not put paragraphs inside it) and stored in the dict to be put back afterwards.
    """
    if "[" not in text:
        return text

    def expand(match):
        result = expand_shortcode(match)
        if figures is None or not result.startswith("<figure>"):
            return result
        key = f'<figure data-wp-figure="{len(figures)}"></figure>'
        figures[key] = result
        return key

    return SHORTCODE.sub(expand, text)


def convert_body(text):
    """A WordPress `content:encoded` as clean-ready HTML (before sanitising)."""
    text = text or ""
    if has_blocks(text):
        return expand_shortcodes(text)
    figures = {}
    text = autop(expand_shortcodes(text, figures))
    for key, figure in figures.items():
        text = text.replace(key, figure)
    # WordPress turns a URL alone on its line into an embed; here it becomes a link.
    return BARE_URL_PARAGRAPH.sub(lambda m: f"<p>{link_html(html.unescape(m.group(1)))}</p>", text)


def plain_text(value):
    """WordPress titles and names may carry markup and entities; this site stores text."""
    return " ".join(html.unescape(strip_tags(value or "")).split())
