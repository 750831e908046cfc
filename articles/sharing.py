"""Share and follow links under a post: plain addresses, no third-party script.

Each service's own "share" address takes the post's title and address; nothing is
loaded from it until the reader follows the link. Mastodon has no single home, so its
link goes to Share₂Fedi, which asks the reader for their own instance.
"""

from urllib.parse import quote, urlencode

from django.conf import settings

from campaign4change.links import cached_reverse

SHARE = [
    # (service, address, what the address takes: "text" is the title and the address)
    ("Mastodon", "https://s2f.kytta.dev/", "text"),
    ("Bluesky", "https://bsky.app/intent/compose", "text"),
    ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/", "url"),
]


def query(**params):
    return urlencode(params, quote_via=quote)


def share_links(title, url):
    """[(service, address)] for sharing the post `title` at absolute `url`."""
    values = {"text": f"{title} {url}", "url": url}
    return [("Email", f"mailto:?{query(subject=title, body=url)}")] + [
        (service, f"{address}?{query(**{name: values[name]})}") for service, address, name in SHARE
    ]


def follow_links(article):
    """[(what it is, its name, RSS address)]: the feeds of the post's main tag, of each of
    its authors and of the whole site. Pages show the name; the rest is read out."""
    kicker = article.kicker
    links = []
    if kicker is not None:
        feed = cached_reverse("articles:tag_feed", slug=kicker.slug)
        links.append(("Posts tagged ", kicker.name, feed))
    for author in article.byline_links:
        links.append(
            ("Posts by ", author.name, cached_reverse("articles:author_feed", slug=author.slug))
        )
    links.append(("", f"All of {settings.SITE_NAME}", cached_reverse("articles:feed")))
    return links
