from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views import View

from editorial import previews
from editorial.models import PreviewLink

MAX_TOKEN_LENGTH = 200


def private_page(response):
    """A page for one reader only: never stored by a cache, never indexed, and its
    secret address never sent on as a Referer to the sites it links to."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


class PreviewView(View):
    """Shows a draft to whoever holds a live preview link; nothing else."""

    def get(self, request, token):
        link = None
        if len(token) <= MAX_TOKEN_LENGTH:
            link = PreviewLink.objects.from_token(token)
        if link is None:
            raise Http404("No such preview link.")
        target = link.target
        entry = previews.get(link.content_type.model_class()) if target is not None else None
        if entry is None:
            return private_page(
                render(request, "editorial/preview_closed.html", {"reason": "gone"}, status=410)
            )
        if not link.is_active:
            return private_page(
                render(request, "editorial/preview_closed.html", {"reason": link.state}, status=410)
            )
        if entry.is_public(target):
            # Published since the link was made: send the reviewer to the real page.
            return private_page(redirect(target))
        link.record_use()
        return private_page(previews.render(request, target, link))
