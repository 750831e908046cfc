from django.contrib.sites.shortcuts import get_current_site
from django.shortcuts import render
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
