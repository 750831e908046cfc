from django.urls import path

from pages import views

app_name = "pages"

# Included last by campaign4change/urls.py: a page never shadows another address, and
# pages.reserved refuses slugs that something else answers.
urlpatterns = [
    path("<slug:slug>/", views.PageView.as_view(), name="page"),
]
