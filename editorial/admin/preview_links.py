"""Preview links: a signed address that shows a draft to a reviewer without an account."""

from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join

from editorial import previews
from editorial.admin.links import admin_url
from editorial.admin.ownership import OwnershipAdminMixin
from editorial.models import PreviewLink


class PreviewLinksAdminMixin:
    """A "Preview links" box on the change page of a draft: make a link, see live ones."""

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return fields if obj is None else [*fields, "preview_links"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not request.user.has_perm("editorial.add_previewlink"):
            return fieldsets
        return [*fieldsets, ("Preview for reviewers", {"fields": ["preview_links"]})]

    @admin.display(description="Preview links")
    def preview_links(self, obj):
        entry = previews.get(type(obj))
        if entry is None or obj.pk is None:
            return "–"
        if entry.is_public(obj):
            return "Published: share its public address."
        links = PreviewLink.objects.for_object(obj).active()
        rows = format_html_join(
            "",
            '<li><a href="{}">{}</a> – expires {}{}</li>',
            (
                (
                    admin_url(link),
                    link.note or f"link {link.pk}",
                    date_format(timezone.localtime(link.expires_at), "j M Y, H:i"),
                    f" (opened {link.use_count}×)" if link.use_count else "",
                )
                for link in links
            ),
        )
        add_url = reverse("admin:editorial_previewlink_add")
        content_type = ContentType.objects.get_for_model(obj)
        return format_html(
            '<ul class="preview-links">{}</ul><a class="button" href="{}?content_type={}'
            '&amp;object_id={}">Create a preview link</a> <span class="help">A signed '
            "address that shows this draft to someone without an account, until it "
            "expires or you revoke it.</span>",
            rows,
            add_url,
            content_type.pk,
            obj.pk,
        )


class PreviewLinkForm(forms.ModelForm):
    lifetime = forms.TypedChoiceField(
        label="Valid for",
        coerce=int,
        initial=7,
        help_text="The link stops working after this, or when you revoke it.",
    )

    class Meta:
        model = PreviewLink
        fields = ["content_type", "object_id", "note"]
        widgets = {"content_type": forms.HiddenInput, "object_id": forms.HiddenInput}

    def __init__(self, *args, request=None, **kwargs):
        from django.conf import settings

        super().__init__(*args, **kwargs)
        self.request = request
        if self.instance.pk is not None:
            # An existing link: only its note can change (and it can be revoked).
            del self.fields["lifetime"]
            return
        self.fields["lifetime"].choices = [
            (days, f"{days} day{'s' if days != 1 else ''}")
            for days in settings.PREVIEW_LINK_LIFETIMES_DAYS
        ]

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is not None:
            return cleaned_data
        content_type, object_id = cleaned_data.get("content_type"), cleaned_data.get("object_id")
        if content_type is None or object_id is None:
            raise ValidationError("Open this page from the draft you want to share.")
        model = content_type.model_class()
        entry = previews.get(model) if model is not None else None
        target = model._default_manager.filter(pk=object_id).first() if entry else None
        model_admin = admin.site._registry.get(model)
        if target is None or model_admin is None:
            raise ValidationError("There is nothing to preview here.")
        if not model_admin.has_change_permission(self.request, target):
            raise ValidationError("You can only share drafts you may edit.")
        if entry.is_public(target):
            raise ValidationError("This is published already: share its public address.")
        return cleaned_data


@admin.register(PreviewLink)
class PreviewLinkAdmin(OwnershipAdminMixin, admin.ModelAdmin):
    owner_lookup = "created_by"
    form = PreviewLinkForm
    list_display = ["__str__", "note", "created_by", "created_at", "expires_at", "state"]
    list_filter = ["content_type"]
    list_select_related = ["content_type", "created_by"]
    search_fields = ["note"]
    actions = ["revoke"]
    readonly_fields = ["target_link", "created_by", "created_at", "expires_at"]
    readonly_fields += ["state", "revoked_at", "last_used_at", "use_count"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["content_type", "object_id", "lifetime", "note"]
        return ["target_link", "note", "state", "created_by", "created_at"] + [
            "expires_at",
            "revoked_at",
            "last_used_at",
            "use_count",
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)

        class RequestForm(form_class):
            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, request=request, **form_kwargs)

        return RequestForm

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            obj.expires_at = timezone.now() + timezone.timedelta(days=form.cleaned_data["lifetime"])
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(
            request,
            format_html(
                "Preview link created. Send this address to your reviewer: <code>{}</code>",
                request.build_absolute_uri(obj.get_absolute_url()),
            ),
            messages.SUCCESS,
        )
        return redirect(admin_url(obj))

    def response_change(self, request, obj):
        if "_revoke" in request.POST:
            obj.revoke()
            self.message_user(request, "Preview link revoked: it no longer opens the draft.")
            return redirect(admin_url(obj))
        return super().response_change(request, obj)

    def render_change_form(self, request, context, add=False, change=False, **kwargs):
        obj = context.get("original")
        if obj is not None and obj.is_active:
            context["preview_address"] = request.build_absolute_uri(obj.get_absolute_url())
            context["show_revoke"] = self.has_change_permission(request, obj)
        return super().render_change_form(request, context, add, change, **kwargs)

    change_form_template = "admin/editorial/previewlink/change_form.html"

    @admin.display(description="draft")
    def target_link(self, link):
        target = link.target
        if target is None:
            return "(deleted)"
        return format_html('<a href="{}">{}</a>', admin_url(target), target)

    @admin.action(description="Revoke selected preview links", permissions=["change"])
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, f"Revoked {count} preview link(s).", messages.SUCCESS)
