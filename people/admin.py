from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class StaffAdmin(UserAdmin):
    list_display = ["username", "display_name", "email", "department", "is_active", "is_superuser"]
    list_filter = ["is_active", "is_superuser", "department"]
    search_fields = ["username", "display_name", "email", "department"]
    fieldsets = [
        *UserAdmin.fieldsets,
        (_("Profiel"), {"fields": ["display_name", "department", "bio", "avatar"]}),
    ]
    add_fieldsets = [
        *UserAdmin.add_fieldsets,
        (_("Profiel"), {"fields": ["email", "display_name", "department"]}),
    ]
