from django.urls import path

from briefings import feeds, views

app_name = "briefings"

urlpatterns = [
    path("", views.BriefingListView.as_view(), name="index"),
    path("<slug:slug>/", views.BriefingView.as_view(), name="briefing"),
    path("<slug:slug>/feed/", feeds.BriefingUpdatesFeed(), name="feed"),
    path("<slug:slug>/feed/atom/", feeds.BriefingUpdatesAtomFeed(), name="feed_atom"),
]
