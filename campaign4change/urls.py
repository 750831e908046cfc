from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.urls import include, path

from campaign4change import editor_uploads

urlpatterns = [
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
    path("", include("articles.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
