from django.contrib import admin

from .models import Blog, Membership, Post, PostImage, Tag
from .services import delete_post, save_post


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Blog)
class BlogAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "kind", "owner", "is_open_to_all"]
    list_filter = ["kind", "is_open_to_all"]
    search_fields = ["title", "slug", "owner__username", "owner__display_name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["owner"]
    inlines = [MembershipInline]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["title", "blog", "author", "status", "published_at", "comment_count"]
    list_filter = ["status", "blog__kind", "blog"]
    search_fields = ["title", "body", "author__username", "author__display_name"]
    date_hierarchy = "published_at"
    list_select_related = ["blog", "author"]
    autocomplete_fields = ["blog", "author", "tags"]
    readonly_fields = ["body_html", "render_version", "comment_count", "created_at", "updated_at"]

    # Through the one write path, so a post published here records its mentions and tells people.
    def save_model(self, request, obj, form, change):
        save_post(obj, publish=obj.status == Post.Status.PUBLISHED, published_at=obj.published_at, by=request.user)

    def delete_model(self, request, obj):
        delete_post(obj)

    def delete_queryset(self, request, queryset):
        for post in queryset:
            delete_post(post)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(PostImage)
class PostImageAdmin(admin.ModelAdmin):
    list_display = ["alt_text", "uploaded_by", "created_at"]
    list_select_related = ["uploaded_by"]
    search_fields = ["alt_text"]
    raw_id_fields = ["uploaded_by"]
