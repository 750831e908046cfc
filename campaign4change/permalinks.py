"""Links never break: a moved page leaves a permanent redirect behind, by itself.

Redirects are rows of django.contrib.redirects (editors can also add their own in the
admin). A stored path also covers everything below it, so one row for a tag's old
address redirects its feed and its later pages too.
"""

from django.conf import settings
from django.contrib.redirects.models import Redirect
from django.db import transaction
from django.db.models.signals import post_save
from django.http import HttpResponseGone, HttpResponsePermanentRedirect
from django.urls import reverse

from campaign4change import snapshots

MAX_LOOKUP_PATH = 2000


def record_move(old_path, new_path):
    """Leave a 301 from `old_path` to `new_path`; earlier redirects follow the move."""
    if not old_path or not new_path or old_path == new_path:
        return
    redirects = Redirect.objects.filter(site_id=settings.SITE_ID)
    with transaction.atomic():
        # Repoint chains (a -> b, now b -> c gives a -> c), and let a path that is live
        # again (a post moved back) stop redirecting.
        redirects.filter(new_path=old_path).update(new_path=new_path)
        redirects.filter(old_path=new_path).delete()
        redirects.update_or_create(
            site_id=settings.SITE_ID, old_path=old_path, defaults={"new_path": new_path}
        )


def record_moves(moves, chunk_size=500):
    """record_move for many (old_path, new_path) pairs at once, in a few queries a chunk.

    Made for imports, which leave thousands of redirects: same rules as record_move
    (chains are repointed, a path that is live again stops redirecting). Returns how many
    redirects were created and how many changed target.
    """
    moves = {old: new for old, new in moves if old and new and old != new}
    redirects = Redirect.objects.filter(site_id=settings.SITE_ID)
    pairs = list(moves.items())
    created = updated = 0
    with transaction.atomic():
        for start in range(0, len(pairs), chunk_size):
            chunk = dict(pairs[start : start + chunk_size])
            repointed = list(redirects.filter(new_path__in=chunk))
            for redirect in repointed:
                redirect.new_path = chunk[redirect.new_path]
            Redirect.objects.bulk_update(repointed, ["new_path"])
            redirects.filter(old_path__in=chunk.values()).delete()
            existing = {r.old_path: r for r in redirects.filter(old_path__in=chunk)}
            changed = []
            for redirect in existing.values():
                if redirect.new_path != chunk[redirect.old_path]:
                    redirect.new_path = chunk[redirect.old_path]
                    changed.append(redirect)
            Redirect.objects.bulk_update(changed, ["new_path"])
            new_rows = Redirect.objects.bulk_create(
                Redirect(site_id=settings.SITE_ID, old_path=old, new_path=new)
                for old, new in chunk.items()
                if old not in existing
            )
            created += len(new_rows)
            updated += len(changed)
    return created, updated


def track_moves(model, is_public, fields):
    """Record a redirect whenever a public `model` instance's URL changes on save.

    `fields` are those its address and `is_public` read; `is_public(instance)` says
    whether the old version was visible to readers: only addresses readers could have
    seen need to keep working.
    """
    snapshots.remember(model, *fields)

    def redirect_old_url(sender, instance, raw=False, **kwargs):
        before = snapshots.stored(instance)
        if raw or before is None:
            return
        old = sender(pk=instance.pk, **before)
        if is_public(old):
            record_move(old.get_absolute_url(), instance.get_absolute_url())

    uid = f"permalinks:{model._meta.label}"
    post_save.connect(redirect_old_url, sender=model, weak=False, dispatch_uid=uid)


def candidate_paths(request):
    """The request's full path, then its path and each parent folder, longest first."""
    path = request.path
    candidates = [request.get_full_path()]
    if not path.endswith("/") and settings.APPEND_SLASH:
        path += "/"
    parts = path.strip("/").split("/")
    for end in range(len(parts), 0, -1):
        candidates.append("/" + "/".join(parts[:end]) + "/")
    return candidates


# WordPress's query-string permalinks (?p=123, ?page_id=4, ?cat=7...). The home page
# answers /?p=123 with 200, so these are looked up before the view runs, not on a 404.
LEGACY_QUERY_KEYS = ("p", "page_id", "attachment_id", "cat", "tag", "m", "author")


def legacy_query_paths(request):
    """'/?p=123' for each WordPress query key in the request (other parameters dropped)."""
    query = request.GET
    return [f"{request.path}?{key}={query[key]}" for key in LEGACY_QUERY_KEYS if key in query]


class PermanentRedirectFallbackMiddleware:
    """Stored redirects: for WordPress query-string links first, else on a 404 for the path
    or any folder above it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in {"GET", "HEAD"} and request.GET:
            legacy = self.legacy_redirect(request)
            if legacy is not None:
                return legacy
        response = self.get_response(request)
        full_path = request.get_full_path()
        # A NUL cannot be stored (PostgreSQL refuses it in a query), so no redirect has one.
        unstorable = len(full_path) > MAX_LOOKUP_PATH or "\x00" in request.path
        if response.status_code != 404 or unstorable:
            return response
        candidates = candidate_paths(request)
        found = dict(
            Redirect.objects.filter(site_id=settings.SITE_ID, old_path__in=candidates).values_list(
                "old_path", "new_path"
            )
        )
        for candidate in candidates:
            if candidate not in found:
                continue
            target = found[candidate]
            if not target:
                return HttpResponseGone()
            if candidate != candidates[0]:
                # A parent folder moved: carry the rest of the path and the query over.
                rest = request.path[len(candidate) :] if request.path.startswith(candidate) else ""
                query = request.META.get("QUERY_STRING", "")
                target = target + rest + (f"?{query}" if query else "")
            return HttpResponsePermanentRedirect(target)
        return response

    @staticmethod
    def legacy_redirect(request):
        # Zero queries unless a WordPress key is present; then one indexed lookup. The
        # admin is left out: its lists use ?p= for their own pagination.
        paths = legacy_query_paths(request)
        full_path = request.get_full_path()
        if not paths or len(full_path) > MAX_LOOKUP_PATH:
            return None
        if request.path.startswith(reverse("admin:index")):
            return None
        candidates = [full_path, *paths]
        # PostgreSQL refuses NUL in a string: a query carrying one is junk, not an old link.
        if any("\x00" in candidate for candidate in candidates):
            return None
        found = dict(
            Redirect.objects.filter(site_id=settings.SITE_ID, old_path__in=candidates).values_list(
                "old_path", "new_path"
            )
        )
        for candidate in candidates:
            if candidate in found:
                target = found[candidate]
                return HttpResponsePermanentRedirect(target) if target else HttpResponseGone()
        return None
