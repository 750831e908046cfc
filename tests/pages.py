"""Read what a list page shows, as a reader sees it: its posts, in order."""

from html.parser import HTMLParser


class _SummaryReader(HTMLParser):
    """The headlines of a list's stories (class "summary-title": an archive's h2s, the
    front page's lead, cards and compact list), in the order they appear."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_title = None
        self.posts = []  # (href, title)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("h2", "h3") and "summary-title" in (attrs.get("class") or "").split():
            self.in_title = tag
        elif tag == "a" and self.in_title:
            self.posts.append([attrs["href"], ""])

    def handle_endtag(self, tag):
        if tag == self.in_title:
            self.in_title = None

    def handle_data(self, data):
        if self.in_title and self.posts:
            self.posts[-1][1] += data


def listed(response):
    """The addresses of the posts a list page shows, in order."""
    reader = _SummaryReader()
    reader.feed(response.content.decode())
    return [href for href, _title in reader.posts]


def listed_titles(response):
    """The titles of the posts a list page shows, in order."""
    reader = _SummaryReader()
    reader.feed(response.content.decode())
    return [title for _href, title in reader.posts]


def urls(*articles):
    return [article.get_absolute_url() for article in articles]
