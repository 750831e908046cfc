from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from campaign4change import editor_uploads, views
from campaign4change.sitemaps import SITEMAPS

urlpatterns = [
    # First: /admin/ itself is My desk, and the pipeline's pages live under /admin/desk/.
    path("admin/", include("pipeline.urls")),
    path("admin/", admin.site.urls),
    # The editor's upload and browse pages; the names are the ones django-ckeditor's
    # widget reverses.
    path("ckeditor/upload/", editor_uploads.upload, name="ckeditor_upload"),
    path(
        "ckeditor/browse/",
        staff_member_required(editor_uploads.browse_images),
        name="ckeditor_browse",
    ),
    path("", include("editorial.urls")),
    path("_nested_admin/", include("nested_admin.urls")),
    path("briefings/", include("briefings.urls")),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("", include("articles.urls")),
    # Last: pages live at top-level addresses (/about/) and must never shadow another
    # (pages/reserved.py refuses the slugs that would be).
    path("", include("pages.urls")),
]

# Error pages in the site's design, with the request (and so the site's context).
handler400 = "campaign4change.views.bad_request"
# The 500 page, or a 503 when the database is out of reach (restarting, failing over).
handler500 = "campaign4change.views.server_error"

if settings.BENCH_MODE:
    # Only for `make bench`: the 20 KB ceiling page the other pages are compared with.
    urlpatterns.insert(0, path("__bench__/", include("bench.urls")))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
