from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


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
