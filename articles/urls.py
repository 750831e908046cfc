from django.urls import path, register_converter

from articles import converters, views

register_converter(converters.FourDigitYearConverter, "yyyy")
register_converter(converters.TwoDigitConverter, "mm")
register_converter(converters.TwoDigitConverter, "dd")

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path(
        "<yyyy:year>/<mm:month>/<dd:day>/<slug:slug>/", views.ArticleView.as_view(), name="article"
    ),
    path("tag/<slug:slug>/", views.TagArchiveView.as_view(), name="tag"),
    path("author/<slug:slug>/", views.AuthorArchiveView.as_view(), name="author"),
]
