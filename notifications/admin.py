from django.contrib import admin

from .models import BlogFollow, ColleagueFollow, EmailPreference, Follow, Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "actor", "post", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient", "actor", "post"]
    raw_id_fields = ["recipient", "actor", "post", "comment"]


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "post", "created_at"]
    list_select_related = ["user", "post"]
    raw_id_fields = ["user", "post"]


@admin.register(ColleagueFollow)
class ColleagueFollowAdmin(admin.ModelAdmin):
    list_display = ["user", "person", "created_at"]
    list_select_related = ["user", "person"]
    raw_id_fields = ["user", "person"]


@admin.register(BlogFollow)
class BlogFollowAdmin(admin.ModelAdmin):
    list_display = ["user", "blog", "created_at"]
    list_select_related = ["user", "blog"]
    raw_id_fields = ["user", "blog"]


@admin.register(EmailPreference)
class EmailPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kinds", "digest"]
    raw_id_fields = ["user"]
