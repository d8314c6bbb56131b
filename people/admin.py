from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .models import ExternalIdentity, User


class ExternalIdentityInline(admin.TabularInline):
    """The organisation accounts a colleague logs in with (single sign-on, people/sso.py): made at a first
    login; a developer can link an existing account by hand here (the provider's issuer and `sub`)."""

    model = ExternalIdentity
    extra = 0
    fields = ["issuer", "subject", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(User)
class StaffAdmin(UserAdmin):
    """For developers; site admins manage colleagues under /manage/. One name field (display_name,
    what Blognet shows everywhere), not Django's first and last name beside it."""

    list_display = ["username", "display_name", "email", "department", "is_active", "is_superuser"]
    list_filter = ["is_active", "is_superuser", "groups", "department"]
    search_fields = ["username", "display_name", "email", "department"]
    ordering = ["display_name", "username"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Profiel"), {"fields": ["display_name", "email", "department", "bio", "avatar"]}),
        (_("Rechten"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Belangrijke data"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        *UserAdmin.add_fieldsets,
        (_("Profiel"), {"fields": ["email", "display_name", "department"]}),
    ]

    def get_inlines(self, request, obj):
        return [ExternalIdentityInline] if obj else []  # an account being added has no link yet
