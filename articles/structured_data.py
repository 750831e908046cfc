"""schema.org data (JSON-LD) for search engines: NewsArticle and BreadcrumbList."""

import html
import json

from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from campaign4change.sanitizer import strip_tags

# Characters that could end the <script> element or start a comment inside JSON-LD.
JSON_SCRIPT_ESCAPES = (("<", "\\u003C"), (">", "\\u003E"), ("&", "\\u0026"))


def json_ld(data):
    """`data` as a <script type="application/ld+json"> element, safe inside HTML."""
    payload = json.dumps(data, ensure_ascii=False)
    # Three replace()s: str.translate() is 50 times slower on text that is not ASCII.
    for character, escaped in JSON_SCRIPT_ESCAPES:
        payload = payload.replace(character, escaped)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


def news_article(article, tags, origin, corrections=()):
    """The post as schema.org's NewsArticle; `corrections` are its updates of kind
    "correction" (CorrectionComment items)."""
    url = f"{origin}{article.get_absolute_url()}"
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.title[:110],
        "description": article.excerpt,
        # A draft previewed before it has a date shows its last edit (it is noindex).
        "datePublished": (article.publish_at or article.updated_at).isoformat(),
        "dateModified": article.modified_at.isoformat(),
        "author": [
            {"@type": "Person", "name": author.name, "url": f"{origin}{author.get_absolute_url()}"}
            for author in article.byline_links
        ],
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME, "url": f"{origin}/"},
        "keywords": [tag.name for tag in tags],
        "isAccessibleForFree": True,
        "inLanguage": "en-GB",
    }
    if article.featured_image:
        data["image"] = [f"{origin}{article.featured_image.url}"]
    if corrections:
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": html.unescape(strip_tags(correction.note)).strip(),
                "datePublished": correction.posted_at.isoformat(),
                "url": f"{url}#{correction.anchor}",
            }
            for correction in corrections
        ]
    return data


def breadcrumb_list(breadcrumbs, origin, current_url):
    """`breadcrumbs` is [(name, path or None)]; the last one is the page itself."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": f"{origin}{path}" if path else current_url,
            }
            for position, (name, path) in enumerate(breadcrumbs, start=1)
        ],
    }
