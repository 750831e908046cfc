"""The pipeline's pages, mounted under /admin/ before the admin's own URLs, so that
/admin/ itself is My desk."""

from django.contrib import admin
from django.urls import path

from pipeline import views

app_name = "pipeline"

staff = admin.site.admin_view

urlpatterns = [
    path("", staff(views.front_page), name="front_page"),
    path("desk/pitch/", staff(views.pitch), name="pitch"),
    path("desk/calendar/", staff(views.calendar_view), name="calendar"),
    path("desk/calendar/move/", staff(views.move), name="move"),
    path("desk/settings/", staff(views.desk_settings), name="settings"),
    path("desk/posts/<int:pk>/assign/", staff(views.assign), name="assign"),
    path("desk/posts/<int:pk>/submit/", staff(views.submit), name="submit"),
    path("desk/posts/<int:pk>/send-back/", staff(views.send_back), name="send_back"),
    path("desk/posts/<int:pk>/ready/", staff(views.mark_ready), name="mark_ready"),
    path("desk/posts/<int:pk>/notes/", staff(views.add_note), name="add_note"),
    path("desk/notes/<int:pk>/reply/", staff(views.reply), name="reply"),
    path("desk/notes/<int:pk>/resolve/", staff(views.resolve), name="resolve"),
    # No sign-in: calendar apps fetch it; the signed token is the key (pipeline/ical.py).
    # Any text up to ".ics" reaches the view, which answers 404 to all but a valid token.
    path("desk/calendar/<path:token>.ics", views.ical_feed, name="ical"),
]
