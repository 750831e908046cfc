"""RSS 2.0 and Atom 1.0 generators that carry whole posts and every author.

Django's generators give one author per item and a summary only. These add, from
`add_item()` keyword arguments:
- `content_html`: the full HTML of the item (RSS `content:encoded`, Atom `content`);
- `authors`: [(name, absolute URL or None)], in byline order (RSS `dc:creator` each,
  Atom one `author` element each).
Any feed on the site (articles, briefings) can use them.
"""

from django.utils import feedgenerator

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"


class FullContentRssFeed(feedgenerator.Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": CONTENT_NS, "xmlns:dc": DC_NS}

    def add_item_elements(self, handler, item):
        authors = item.get("authors") or ()
        if authors:
            # Written below as dc:creator, one per author, instead of Django's single one.
            item = {**item, "author_name": None, "author_email": None}
        super().add_item_elements(handler, item)
        for name, _link in authors:
            handler.addQuickElement("dc:creator", name)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])


class FullContentAtomFeed(feedgenerator.Atom1Feed):
    def add_item_elements(self, handler, item):
        authors = item.get("authors") or ()
        if authors:
            item = {**item, "author_name": None}
        super().add_item_elements(handler, item)
        for name, link in authors:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            if link:
                handler.addQuickElement("uri", link)
            handler.endElement("author")
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})
