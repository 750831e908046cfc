"""Who may do what to a post: the admin's row-level rules, asked for any person."""

from types import SimpleNamespace

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Q

from articles.models import Article

User = get_user_model()


def as_request(user):
    # What the admin's permission methods read from a request: its user (and, for
    # autocomplete, which URL it came from: none).
    return SimpleNamespace(user=user, resolver_match=None)


def article_admin():
    return admin.site._registry[Article]


def may_open(user, article):
    """May `user` open the post in the admin (read it, and read its notes)?"""
    request = as_request(user)
    model_admin = article_admin()
    return (
        user.is_active
        and user.is_staff
        and model_admin.has_view_or_change_permission(request, article)
        and model_admin.get_queryset(request).filter(pk=article.pk).exists()
    )


def people_who_may_open(article):
    """Everyone `may_open` says yes to, in three queries: staff who may see posts at
    all, and of them those who see everyone's (editors) or are in the byline."""
    backend = "django.contrib.auth.backends.ModelBackend"
    # Every role that may change posts may view them (editorial/roles.py).
    readers = User.objects.with_perm("articles.view_article", backend=backend)
    editors = User.objects.with_perm("articles.change_others_article", backend=backend)
    bylined = User.objects.filter(author__article_links__article=article)
    return (
        User.objects.filter(is_active=True, is_staff=True, pk__in=readers.values("pk"))
        .filter(Q(pk__in=editors.values("pk")) | Q(pk__in=bylined.values("pk")))
        .order_by("username")
    )


def may_change(user, article):
    return user.is_active and article_admin().has_change_permission(as_request(user), article)


def may_commission(user):
    """Accept pitches, assign, set due dates, send back: editors."""
    return user.is_active and user.has_perm("pipeline.commission")


def may_publish(user, article):
    return may_change(user, article) and user.has_perm("articles.publish_article")


def visible_articles(request):
    """The posts `request.user` may see in the admin (the article admin's own rows)."""
    return article_admin().get_queryset(request)
