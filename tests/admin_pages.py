"""Every page of the admin, on a site where every list has rows (tests of the admin's
titles, tests/test_admin_labels.py, and of its width, tests/browser/)."""

from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from briefings.models import BriefingChange
from editorial.models import PreviewLink
from tests.factories import SuperuserFactory

USER_AGENT = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86"
)


def fill_every_admin_list():
    """The demo site, plus a row of every other kind the admin lists, with long values
    where real ones are long. Returns a superuser, "root" (who sees every column)."""
    call_command("load_demo", verbosity=0)
    call_command("load_demo_briefings", verbosity=0)
    call_command("load_demo_pages", verbosity=0)
    root = SuperuserFactory(username="root", email="root.with.a.long.address@example.org")
    draft = Article.objects.filter(status=Article.Status.DRAFT).first()
    PreviewLink.objects.create(
        content_type=ContentType.objects.get_for_model(Article),
        object_id=draft.pk,
        note="Press office, Department for Work and Pensions, for a fact check",
        created_by=root,
        expires_at=timezone.now() + timedelta(days=7),
    )
    Redirect.objects.create(
        site=Site.objects.get_current(),
        old_path="/2019/03/04/an-old-and-rather-long-address-of-a-post-that-moved/",
        new_path="/2019/03/04/the-new-and-equally-long-address-of-that-same-post/",
    )
    BriefingChange.objects.filter(pk=BriefingChange.objects.first().pk).update(
        note="Updated to reflect the Pathfinder progress report and the select committee's "
        "response to it, with three new links under Government announcements"
    )
    seen = {
        "user_agent": USER_AGENT,
        "ip_address": "2001:db8:85a3::8a2e:370:7334",
        "username": "someone.with.a.long.name@example.org",
        "http_accept": "text/html",
        "path_info": "/admin/login/",
    }
    AccessAttempt.objects.create(**seen, get_data="", post_data="", failures_since_start=3)
    AccessLog.objects.create(**seen, session_hash="x" * 64)
    AccessFailureLog.objects.create(**seen, locked_out=False)
    return root


def admin_pages(user):
    """The index, each section's page, and the list, add and change page of every model
    in the admin, as far as `user` may open them."""
    request = RequestFactory().get("/admin/")
    request.user = user
    yield reverse("admin:index")
    for app_label in sorted({model._meta.app_label for model in admin.site._registry}):
        yield reverse("admin:app_list", args=[app_label])
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        yield reverse(f"{name}_changelist")
        if model_admin.has_add_permission(request):
            yield reverse(f"{name}_add")
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            yield reverse(f"{name}_change", args=[first.pk])
