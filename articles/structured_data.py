"""schema.org data (JSON-LD) for search engines: NewsArticle and BreadcrumbList."""

from django.conf import settings


def news_article(article, tags, origin):
    url = f"{origin}{article.get_absolute_url()}"
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.title[:110],
        "description": article.excerpt,
        "datePublished": article.publish_at.isoformat(),
        "dateModified": getattr(article, "last_modified", article.updated_at).isoformat(),
        "author": [
            {"@type": "Person", "name": author.name, "url": f"{origin}{author.get_absolute_url()}"}
            for author in article.byline_authors
        ],
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME, "url": f"{origin}/"},
        "keywords": [tag.name for tag in tags],
        "isAccessibleForFree": True,
        "inLanguage": "en-GB",
    }
    if article.featured_image:
        data["image"] = [f"{origin}{article.featured_image.url}"]
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
