from django.urls import path, register_converter

from articles import converters, corrections, date_archives, feeds, story, views

register_converter(converters.FourDigitYearConverter, "yyyy")
register_converter(converters.TwoDigitConverter, "mm")
register_converter(converters.TwoDigitConverter, "dd")

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("feed/", feeds.ArticleFeed(), name="feed"),
    path("feed/atom/", feeds.ArticleAtomFeed(), name="feed_atom"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("corrections/", corrections.CorrectionsView.as_view(), name="corrections"),
    path("corrections/feed/", corrections.CorrectionsFeed(), name="corrections_feed"),
    path("corrections/feed/atom/", corrections.CorrectionsAtomFeed(), name="corrections_feed_atom"),
    path("<yyyy:year>/", date_archives.YearArchive.as_view(), name="year"),
    path("<yyyy:year>/<mm:month>/", date_archives.MonthArchive.as_view(), name="month"),
    path("<yyyy:year>/<mm:month>/<dd:day>/", date_archives.DayArchive.as_view(), name="day"),
    path(
        "<yyyy:year>/<mm:month>/<dd:day>/<slug:slug>/", views.ArticleView.as_view(), name="article"
    ),
    path("tag/<slug:slug>/", views.TagArchiveView.as_view(), name="tag"),
    path("tag/<slug:slug>/story/", story.StoryView.as_view(), name="tag_story"),
    path("tag/<slug:slug>/feed/", feeds.TagFeed(), name="tag_feed"),
    path("tag/<slug:slug>/feed/atom/", feeds.TagAtomFeed(), name="tag_feed_atom"),
    path("author/<slug:slug>/", views.AuthorArchiveView.as_view(), name="author"),
    path("author/<slug:slug>/feed/", feeds.AuthorFeed(), name="author_feed"),
    path("author/<slug:slug>/feed/atom/", feeds.AuthorAtomFeed(), name="author_feed_atom"),
]
