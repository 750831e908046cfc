"""Views with each kind of response the page cache must refuse to share (test URLconf)."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.vary import vary_on_headers

from campaign4change import pagecache


def public(request):
    return HttpResponse("<p>Same for everyone.</p>")


@cache_control(private=True)
def private(request):
    return HttpResponse("<p>Yours only.</p>")


@never_cache
def no_store(request):
    return HttpResponse("<p>Never stored.</p>")


def sets_cookie(request):
    response = HttpResponse("<p>Have a cookie.</p>")
    response.set_cookie("seen", "1")
    return response


@vary_on_headers("Accept-Language")
def varies(request):
    return HttpResponse("<p>Depends on the language.</p>")


@pagecache.exempt
def exempt(request):
    return HttpResponse("<p>Exempt.</p>")


def error(request):
    return HttpResponse("<p>Gone wrong.</p>", status=503)


urlpatterns = [
    path("public/", public),
    path("private/", private),
    path("no-store/", no_store),
    path("sets-cookie/", sets_cookie),
    path("varies/", varies),
    path("exempt/", exempt),
    path("error/", error),
]
