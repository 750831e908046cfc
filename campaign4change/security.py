"""Site-wide security headers that Django's own settings do not cover."""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_cache_control


def is_admin_path(request):
    # The rich-text editor's upload and browse pages are part of the admin too.
    try:
        prefixes = (reverse("admin:index"), reverse("ckeditor_upload").rsplit("upload", 1)[0])
    except NoReverseMatch:
        # A URLconf without the admin (a test's, or a bench-only one) has no admin pages.
        return False
    return request.path_info.startswith(prefixes)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp with one policy for the public site and a slightly wider one for the
    admin (CONTENT_SECURITY_POLICY_ADMIN_UPDATE): only CKEditor needs it."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and is_admin_path(request):
            update = {key: list(value) for key, value in (parts.update or {}).items()}
            for directive, sources in settings.CONTENT_SECURITY_POLICY_ADMIN_UPDATE.items():
                update[directive] = [*update.get(directive, []), *sources]
            parts.update = update
        return parts


class PrivateResponsesMiddleware:
    """Nothing shown to a signed-in user is ever stored by a shared cache.

    Staff see drafts, previews and admin pages; a page cache or proxy that kept one of
    those could hand it to the next reader. `private, no-store` tells every cache
    (Django's cache middleware included) to keep out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


def axes_username(request, credentials=None):
    """The user name django-axes records for a sign-in attempt, cut to what fits its
    table (a 10,000-character user name must get a form error, not a database error)."""
    if credentials:
        username = credentials.get("username")
    else:
        username = request.POST.get("username") if request is not None else None
    if not isinstance(username, str):
        return username
    return username.replace("\x00", "")[:150]
