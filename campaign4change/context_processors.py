from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.utils.functional import SimpleLazyObject


def site_origin(request):
    """ "https://campaign4change.example": the start of every absolute link (canonical,
    Open Graph, JSON-LD). The Site is cached after its first lookup."""
    return f"{request.scheme}://{get_current_site(request).domain}"


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        "site_tagline": settings.SITE_TAGLINE,
        "site_origin": SimpleLazyObject(lambda: site_origin(request)),
    }
