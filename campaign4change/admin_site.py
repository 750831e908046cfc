from functools import wraps

from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import IntegrityError
from django.shortcuts import redirect

from campaign4change.django_fixes import valid_pks


class NewsroomAdminSite(admin.AdminSite):
    site_header = "Campaign4Change newsroom"
    site_title = "Campaign4Change admin"
    index_title = "Newsroom"

    def app_index(self, request, app_label, extra_context=None):
        # "Briefings", not "Briefings administration".
        name = apps.get_app_config(app_label).verbose_name
        return super().app_index(request, app_label, {"title": name, **(extra_context or {})})

    def admin_view(self, view, cacheable=False):
        inner = refuse_contradictions(super().admin_view(view, cacheable))
        model = getattr(getattr(view, "__self__", None), "model", None)
        if model is None:
            return inner

        @wraps(inner)
        def with_clean_selection(request, *args, **kwargs):
            # Bulk actions filter by the posted ids; Django fails with a 500 on an id
            # that is not a number. Drop those: they name nothing anyway.
            if request.method == "POST" and helpers.ACTION_CHECKBOX_NAME in request.POST:
                selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
                request.POST = request.POST.copy()
                request.POST.setlist(
                    helpers.ACTION_CHECKBOX_NAME, [str(pk) for pk in valid_pks(model, selected)]
                )
            return inner(request, *args, **kwargs)

        return with_clean_selection


def refuse_contradictions(view):
    """A save that breaks a database rule (tampered form counts that duplicate a row, a
    revision pointing at something deleted) is rolled back by the admin's transaction;
    answer with a message instead of a server error."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except IntegrityError:
            if request.method != "POST":
                raise
            messages.error(
                request,
                "Nothing was saved: the form contradicts what is stored (perhaps it was "
                "changed in another window). The page has been reloaded; please try again.",
            )
            return redirect(request.get_full_path())

    return wrapper
