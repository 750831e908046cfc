from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("ckeditor/", include("ckeditor_uploader.urls")),
    path("_nested_admin/", include("nested_admin.urls")),
    path("briefings/", include("briefings.urls")),
    path("", include("articles.urls")),
]

if settings.BENCH_MODE:
    # Only for `make bench`: the 20 KB ceiling page the other pages are compared with.
    urlpatterns.insert(0, path("__bench__/", include("bench.urls")))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
