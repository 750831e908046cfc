from django.http import HttpResponse

from campaign4change import pagecache

# A fixed page of exactly 20 KB: HTML-looking text, so the response is comparable.
_PARAGRAPH = "<p>" + "Campaign4Change ceiling page for the benchmark. " * 8 + "</p>\n"
_HEAD = "<!DOCTYPE html><html lang=en><title>Ceiling</title><body>\n"
_BODY = (_HEAD + _PARAGRAPH * (20 * 1024 // len(_PARAGRAPH) + 1)).encode()[: 20 * 1024]


@pagecache.exempt
def ceiling(request):
    """The fastest page this server can serve: no template, no database, 20 KB."""
    return HttpResponse(_BODY, content_type="text/html; charset=utf-8")
