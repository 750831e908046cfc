"""How a post will look in search results and when shared, shown under its form.

The page's script (articles/static/articles/admin/writing_desk.js) keeps it up to date
as the writer types and warns about lengths; this gives it its first state, and the
same words without JavaScript.
"""

from django.conf import settings
from django.contrib.sites.models import Site

from campaign4change.text import excerpt_from_html

# About what search results show before cutting text off ("…").
TITLE_LIMIT = 60
DESCRIPTION_LIMIT = 160


def search_preview(form, article):
    def value(name):
        if name in form.fields:
            return form[name].value() or ""
        return getattr(article, name, "") or ""

    standfirst = value("standfirst").strip()
    image = None
    kept = getattr(form, "kept_uploads", {}).get("featured_image")
    if kept is not None:
        image = kept.file.url
    elif article.featured_image:
        image = article.featured_image.url
    day = article.local_publish_date
    return {
        "title": value("title"),
        "site_name": settings.SITE_NAME,
        "description": standfirst or excerpt_from_html(value("body")),
        "description_from_body": not standfirst,
        "domain": Site.objects.get_current().domain,
        "path": f"/{day:%Y/%m/%d}/{value('slug') or '…'}/",
        "image": image,
        "title_limit": TITLE_LIMIT,
        "description_limit": DESCRIPTION_LIMIT,
    }
