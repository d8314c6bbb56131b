from django.contrib import admin

from .models import Comment, Mention, Reaction


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "post", "author", "created_at", "edited_at", "removed_at"]
    list_filter = ["created_at"]
    search_fields = ["body", "author__username", "post__title"]
    list_select_related = ["post", "author"]
    raw_id_fields = ["post", "parent", "author", "removed_by"]
    readonly_fields = ["body_html", "render_version", "submission_key"]


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ["user", "post", "comment", "created_at"]
    list_select_related = ["user", "post", "comment"]
    raw_id_fields = ["user", "post", "comment"]


@admin.register(Reaction)
class ReactionAdmin(admin.ModelAdmin):
    """Readable only: a reaction is made and taken back through comments.reactions.react(), which
    keeps the writer's notification right."""

    list_display = ["user", "kind", "post", "comment", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["user", "post", "comment"]
    raw_id_fields = ["user", "post", "comment"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
