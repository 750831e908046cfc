"""Row-level rules: who may see, change and delete which rows, inlines included."""

from django.contrib import messages
from django.contrib.admin import helpers
from django.shortcuts import redirect
from django.utils.html import format_html

from campaign4change.django_fixes import valid_pks
from editorial import previews
from editorial.admin.links import row_by_id


class OwnershipAdminMixin:
    """Row-level permissions: what a user may see, change and delete, row by row.

    `owner_lookup` is the path from the model to the user who owns a row (for posts,
    the staff account of an author in the byline). Users holding the model's
    `change_others_<model>` permission (editors) are not restricted.
    """

    owner_lookup = None

    def others_permission(self):
        opts = self.model._meta
        return f"{opts.app_label}.change_others_{opts.model_name}"

    def sees_everything(self, request):
        return request.user.has_perm(self.others_permission())

    def owned_rows(self, request):
        return self.model._default_manager.filter(**{self.owner_lookup: request.user}).values("pk")

    def editable_rows(self, request, queryset):
        """Of the user's own rows, those they may change (hook: drafts only, say)."""
        return queryset

    def autocomplete_rows(self, request, queryset):
        """What the user may pick in another form's autocomplete (default: own rows)."""
        return queryset.filter(pk__in=self.owned_rows(request))

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.sees_everything(request):
            return queryset
        match = request.resolver_match
        if match is not None and match.url_name == "autocomplete":
            return self.autocomplete_rows(request, queryset)
        # A subquery, not a join: no duplicate rows, and SELECT ... FOR UPDATE stays legal.
        return queryset.filter(pk__in=self.owned_rows(request))

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django answers "… doesn't exist. Perhaps it was deleted?" for any id that
        # get_queryset leaves out, which misleads about a row that is someone else's.
        obj = self.hidden_row(object_id) if self.has_view_or_change_permission(request) else None
        if obj is None:
            return super()._get_obj_does_not_exist_redirect(request, opts, object_id)
        self.message_user(request, self.not_yours_message(obj), messages.WARNING)
        return redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")

    def hidden_row(self, object_id):
        """The row with this id, whoever owns it, or None."""
        return row_by_id(self.model, object_id)

    def not_yours_message(self, obj):
        kind = self.model._meta.verbose_name
        preview = previews.get(self.model)
        if preview is not None and preview.is_public(obj):
            # Its title is public already: name it, and say where to read it.
            return format_html(
                "You may not edit “{}”: it is someone else’s {}. "
                '<a href="{}">Read it on the site</a>.',
                obj,
                kind,
                obj.get_absolute_url(),
            )
        # Nothing of a draft is shown to those who may not open it, not even its title.
        draft = ", and not published" if preview is not None else ""
        return f"This {kind} exists, but you may not open it: it is someone else’s{draft}."

    def may_change(self, request, obj):
        if self.sees_everything(request):
            return True
        own = self.model._default_manager.filter(pk=obj.pk, pk__in=self.owned_rows(request))
        return self.editable_rows(request, own).exists()

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self.may_change(request, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self.may_change(request, obj))

    def response_action(self, request, queryset):
        # Bulk actions (publish, delete...) only ever touch rows the user may change.
        if not self.sees_everything(request):
            selected = set(request.POST.getlist(helpers.ACTION_CHECKBOX_NAME))
            editable = self.editable_rows(request, queryset)
            if request.POST.get("select_across") != "1":
                allowed = editable.filter(pk__in=valid_pks(self.model, selected)).count()
                if skipped := len(selected) - allowed:
                    self.message_user(
                        request,
                        f"{skipped} of the selected items were left alone: you may not "
                        "change them.",
                        messages.WARNING,
                    )
            queryset = editable
        return super().response_action(request, queryset)


class BoundedInlineMixin:
    """An inline accepts at most `max_num` rows, and a form claiming thousands more is
    refused before Django builds them (its own ceiling is max_num + 1000 forms, which
    a tampered form count turns into seconds of work per request)."""

    max_num = 100

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("absolute_max", self.get_max_num(request, obj, **kwargs))
        return super().get_formset(request, obj, **kwargs)


class ParentPermissionInlineMixin:
    """An inline (a post's byline, its related links) is part of its parent: whoever
    may add or change the parent may edit these rows, with no permissions of their own."""

    def parent_admin(self):
        return self.admin_site._registry[self.parent_model]

    def _parent_may(self, request, obj):
        parent = self.parent_admin()
        if obj is None:
            return parent.has_add_permission(request)
        return parent.has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._parent_may(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._parent_may(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._parent_may(request, obj)

    def has_view_permission(self, request, obj=None):
        return self.parent_admin().has_view_permission(request, obj)
