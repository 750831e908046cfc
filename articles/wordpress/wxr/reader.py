"""A streaming, safe reader for WordPress eXtended RSS (WXR 1.0, 1.1 and 1.2).

The file is read with lxml's incremental parser: each <item> is turned into a small
`WPItem` and its elements are freed at once, so a 100 MB export never sits in memory
whole. Nothing in the file can reach outside it: a DTD is refused outright (WordPress
never writes one, and it is where entity-expansion "billion laughs" and external-entity
attacks live), entities are never resolved, the network is never used, and libxml2's
limit on the size of one text node stays on.
"""

import re
from datetime import datetime

from lxml import etree

from articles.wordpress.wxr.names import QualifiedNames
from articles.wordpress.wxr.records import (
    Site,
    WPAuthor,
    WPCategory,
    WPItem,
    WPTerm,
    WXRError,
    item_label,
)

SUPPORTED_VERSIONS = {"1.0", "1.1", "1.2"}

# WordPress writes meta keys by the hundred; these are the ones the import uses.
USEFUL_META = {"_wp_old_slug", "_thumbnail_id", "_wp_attached_file", "_wp_attachment_image_alt"}

LIBXML2_MESSAGES = {
    4: "the document is empty",
    5: "extra content at the end of the document",
    63: "a CDATA section is not finished: is the file cut short?",
    77: "the file ends before its elements are closed: is it cut short?",
}

HEADER_FIELDS = {
    "title": "title",
    "link": "link",
    "wp:wxr_version": "wxr_version",
    "wp:base_site_url": "base_site_url",
    "wp:base_blog_url": "base_blog_url",
}

# XML 1.0 forbids these control characters, yet old WordPress databases are full of
# them (pasted from word processors). In UTF-8 they never occur inside a multi-byte
# character, so dropping the bytes is safe and keeps line numbers intact.
INVALID_XML_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])


class CleanReader:
    """A file wrapper that drops control characters XML forbids and reports progress."""

    def __init__(self, raw, on_read=None):
        self.raw = raw
        self.on_read = on_read
        self.dropped = 0
        self._filter = None

    def read(self, size=-1):
        data = self.raw.read(size)
        if self._filter is None:
            # UTF-16 files are never written by WordPress; do not touch their NUL bytes.
            self._filter = not data.startswith((b"\xff\xfe", b"\xfe\xff"))
        if self.on_read is not None:
            self.on_read(len(data))
        if self._filter and data:
            cleaned = data.translate(None, INVALID_XML_BYTES)
            self.dropped += len(data) - len(cleaned)
            return cleaned
        return data


def parse_wp_date(value, line=None, item=None):
    """WordPress's 'YYYY-MM-DD HH:MM:SS' (naive); the zero date means 'none'."""
    value = (value or "").strip()
    if not value or value.startswith("0000-00-00"):
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        raise WXRError(f"unreadable date {value!r}", line=line, item=item) from None


def text_of(element):
    # Entity references (never resolved) appear as child nodes: they are simply ignored.
    return element.text or ""


class WXRReader:
    """Iterate over a WXR file: `Site` once, then `WPAuthor`, `WPTerm` and `WPItem`s."""

    def __init__(self, fileobj):
        self.fileobj = fileobj
        self.site = Site()
        self._site_sent = False
        self._current = None  # (line, title, post_id) of the item being read
        self._last = None  # label of the last complete item
        self.channel = None  # the <channel> element, emptied as items are read
        self.name_of = QualifiedNames()

    def __iter__(self):
        parser = etree.iterparse(
            self.fileobj,
            events=("start", "end"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
        checked = False
        try:
            for event, element in parser:
                if not checked:
                    self._check_document(element)
                    checked = True
                yield from self._handle(event, element)
        except etree.XMLSyntaxError as error:
            line = error.position[0] if error.position else error.lineno
            message = re.sub(r",? line \d+, column \d+$", "", error.msg or str(error))
            if message.startswith("Unregistered error"):
                # Some libxml2 builds have no text for a few codes; name the usual ones.
                message = LIBXML2_MESSAGES.get(error.code, f"XML error {error.code}")
            raise WXRError(
                f"the file is not well-formed XML ({message})", line=line, item=self._where()
            ) from None
        if not checked:
            raise WXRError("the file is empty")
        if not self._site_sent:
            self._validate_site(line=None)
            yield self.site

    def _where(self):
        if self._current is not None:
            line, title, post_id = self._current
            return f"{item_label(title, post_id)} starting at line {line}"
        if self._last:
            return f"after {self._last}"
        return None

    def _check_document(self, root):
        self.name_of = QualifiedNames(root.nsmap)
        docinfo = root.getroottree().docinfo
        if docinfo.internalDTD is not None or docinfo.externalDTD is not None:
            raise WXRError(
                "the file declares a DTD (<!DOCTYPE ...>). WordPress exports never do, and a "
                "DTD can hide entity-expansion or external-file attacks, so it is refused",
                line=root.sourceline,
            )
        if self.name_of(root.tag) != "rss":
            raise WXRError(
                f"this is not a WordPress export: the document is <{root.tag}>, not <rss>",
                line=root.sourceline,
            )

    def _validate_site(self, line):
        version = self.site.wxr_version.strip()
        if not version:
            raise WXRError(
                "this is not a WordPress export (WXR): it has no <wp:wxr_version>", line=line
            )
        if version not in SUPPORTED_VERSIONS:
            raise WXRError(
                f"WXR version {version} is not supported (supported: 1.0, 1.1, 1.2)", line=line
            )

    def _send_site(self, line):
        self._site_sent = True
        self._validate_site(line)
        return self.site

    def _handle(self, event, element):
        name = self.name_of(element.tag)
        if event == "start":
            if name == "channel":
                self.channel = element
            if name in {"item", "wp:author", "wp:category", "wp:tag", "wp:term"}:
                if not self._site_sent and self.name_of(element.getparent().tag) == "channel":
                    yield self._send_site(element.sourceline)
                if name == "item":
                    self._current = (element.sourceline, "", "")
            return
        parent = element.getparent()
        parent_name = self.name_of(parent.tag) if parent is not None else None
        if parent_name == "item" and name in {"title", "wp:post_id"}:
            line, title, post_id = self._current
            if name == "title":
                title = text_of(element).strip()
            else:
                post_id = text_of(element).strip()
            self._current = (line, title, post_id)
            return
        if parent_name != "channel":
            return
        if name == "item":
            item = self._read_item(element)
            self._current = None
            self._last = item.label
            yield item
        elif name == "wp:author":
            yield self._read_author(element)
        elif name in {"wp:category", "wp:tag", "wp:term"}:
            term = self._read_term(name, element)
            if term is not None:
                yield term
        elif name in HEADER_FIELDS and not self._site_sent:
            setattr(self.site, HEADER_FIELDS[name], text_of(element).strip())
        # Free what has been read: the element and the (already emptied) ones before it.
        element.clear(keep_tail=False)
        while element.getprevious() is not None:
            del parent[0]

    def _children(self, element):
        return {self.name_of(child.tag): text_of(child) for child in element}

    def _read_author(self, element):
        fields = self._children(element)
        return WPAuthor(
            login=fields.get("wp:author_login", "").strip(),
            display_name=fields.get("wp:author_display_name", "").strip(),
            first_name=fields.get("wp:author_first_name", "").strip(),
            last_name=fields.get("wp:author_last_name", "").strip(),
            email=fields.get("wp:author_email", "").strip(),
            wp_id=fields.get("wp:author_id", "").strip(),
        )

    def _read_term(self, name, element):
        fields = self._children(element)
        if name == "wp:category":
            taxonomy, prefix = "category", "wp:category_"
            slug = fields.get("wp:category_nicename", "")
            term_name = fields.get("wp:cat_name", "")
        elif name == "wp:tag":
            taxonomy, prefix = "post_tag", "wp:tag_"
            slug = fields.get("wp:tag_slug", "")
            term_name = fields.get("wp:tag_name", "")
        else:
            taxonomy, prefix = fields.get("wp:term_taxonomy", "").strip(), "wp:term_"
            slug = fields.get("wp:term_slug", "")
            term_name = fields.get("wp:term_name", "")
        return WPTerm(
            taxonomy=taxonomy,
            slug=slug.strip(),
            name=term_name.strip(),
            parent=fields.get(f"{prefix}parent", fields.get("wp:term_parent", "")).strip(),
            description=fields.get(f"{prefix}description", "").strip(),
            term_id=fields.get("wp:term_id", "").strip(),
        )

    def _read_item(self, element):
        item = WPItem(line=element.sourceline)
        label = None
        for child in element:
            name = self.name_of(child.tag)
            value = text_of(child)
            if name == "title":
                item.title = value.strip()
            elif name == "link":
                item.link = value.strip()
            elif name == "guid":
                item.guid = value.strip()
            elif name == "dc:creator":
                item.creator = value.strip()
            elif name == "content:encoded":
                item.content = value
            elif name == "excerpt:encoded":
                item.excerpt = value
            elif name == "wp:post_id":
                item.post_id = value.strip()
            elif name in {"wp:post_date", "wp:post_date_gmt"}:
                label = label or item_label(item.title, item.post_id)
                date = parse_wp_date(value, line=child.sourceline, item=label)
                setattr(item, name[3:], date)
            elif name == "wp:post_name":
                item.post_name = value.strip()
            elif name == "wp:status":
                item.status = value.strip()
            elif name == "wp:post_type":
                item.post_type = value.strip()
            elif name == "wp:post_password":
                item.post_password = value
            elif name == "wp:is_sticky":
                item.is_sticky = value.strip() == "1"
            elif name == "wp:post_parent":
                item.parent = value.strip()
            elif name == "wp:attachment_url":
                item.attachment_url = value.strip()
            elif name == "category":
                item.categories.append(
                    WPCategory(
                        # WXR 1.0 says domain="tag"; a category with no domain is the
                        # RSS copy WXR 1.0 writes beside the real one.
                        taxonomy={"tag": "post_tag", None: "category"}.get(
                            child.get("domain"), child.get("domain")
                        ),
                        slug=(child.get("nicename") or "").strip(),
                        name=value.strip(),
                    )
                )
            elif name == "wp:postmeta":
                meta = self._children(child)
                key = meta.get("wp:meta_key", "").strip()
                if key in USEFUL_META:
                    item.meta.setdefault(key, []).append(meta.get("wp:meta_value", ""))
            elif name == "wp:comment":
                item.comment_count += 1
        if not item.post_id:
            raise WXRError("an item has no <wp:post_id>", line=item.line, item=item.label)
        return item
