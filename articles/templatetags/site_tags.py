import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles import structured_data
from articles.archive import ArchiveCalendar

register = template.Library()

# Characters that could end the <script> element or start a comment inside JSON-LD.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data):
    payload = json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page's canonical address: the site's domain, the path, and ?page=N after 1."""
    request = context["request"]
    url = f"{context['site_origin']}{request.path}"
    page = context.get("page_obj")
    if page is not None and page.number > 1:
        url += f"?page={page.number}"
    return url


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The address of page `number` of this list, keeping the other query parameters."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    if number != 1:
        params["page"] = number
    query = params.urlencode()
    return f"?{query}" if query else context["request"].path


@register.simple_tag(takes_context=True)
def article_json_ld(context, article, tags):
    return json_ld(structured_data.news_article(article, tags, str(context["site_origin"])))


@register.simple_tag(takes_context=True)
def breadcrumbs_json_ld(context, breadcrumbs):
    origin = str(context["site_origin"])
    return json_ld(structured_data.breadcrumb_list(breadcrumbs, origin, canonical_url(context)))


@register.inclusion_tag("includes/archive_calendar.html", takes_context=True)
def archive_calendar(context):
    """The month list shown on every page (one query per request, shared)."""
    return {"years": ArchiveCalendar.for_request(context.get("request")).years}
