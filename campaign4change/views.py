import sys

from django.contrib.sites.shortcuts import get_current_site
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.views.decorators.http import require_GET


@require_GET
def robots_txt(request):
    sitemap = f"{request.scheme}://{get_current_site(request).domain}{reverse('sitemap')}"
    return render(
        request, "robots.txt", {"sitemap_url": sitemap}, content_type="text/plain; charset=utf-8"
    )


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


# Seconds a reader (or a crawler) is asked to wait before trying again.
RETRY_AFTER_SECONDS = 30


def server_error(request):
    """The 500 handler: the site's own error page, and a 503 "back in a moment" page
    when the error is the database being out of reach (restarting, failing over, every
    connection taken). Called for an exception raised anywhere (a view, a middleware),
    while it is being handled; neither page needs the request or the database."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        # No cache, the edge included, may keep it in place of the page.
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponseServerError(loader.render_to_string("500.html"))
