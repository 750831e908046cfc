"""Newsroom roles on the user admin."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from editorial.roles import ROLES, assign_role

User = get_user_model()


def make_role_action(role):
    def action(modeladmin, request, queryset):
        for user in queryset:
            assign_role(user, role)
        label = role or "no newsroom role"
        modeladmin.message_user(request, f"{queryset.count()} user(s) now: {label}.")

    action.__name__ = f"make_{(role or 'none').lower()}"
    action.short_description = (
        f"Give selected users the {role} role" if role else "Remove selected users' role"
    )
    action.allowed_permissions = ["change"]
    return action


if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class NewsroomUserAdmin(UserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "is_staff", "role"]
    list_filter = [*UserAdmin.list_filter]
    actions = [make_role_action(role) for role in [*ROLES, None]]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description="role")
    def role(self, user):
        if user.is_superuser:
            return "Administrator"
        names = {group.name for group in user.groups.all()}
        return next((r for r in reversed(list(ROLES)) if r in names), "–")
