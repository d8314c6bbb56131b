from django.urls import path

from . import views
from .feeds import BlogFeed, LatestPostsFeed, TagFeed

app_name = "blogs"

urlpatterns = [
    path("", views.front_page, name="front_page"),
    path("feed/", LatestPostsFeed(), name="feed"),
    path("write/", views.post_create, name="post_write"),
    path("write/preview/", views.markdown_preview, name="markdown_preview"),
    path("write/image/", views.image_upload, name="image_upload"),
    path("tags/<slug:tag_slug>/", views.tag_detail, name="tag_detail"),
    path("tags/<slug:tag_slug>/feed/", TagFeed(), name="tag_feed"),
    path("blogs/", views.blog_list, name="blog_list"),
    path("blogs/<slug:blog_slug>/", views.blog_detail, name="blog_detail"),
    path("blogs/<slug:blog_slug>/new/", views.post_create, name="post_create"),
    path("blogs/<slug:blog_slug>/feed/", BlogFeed(), name="blog_feed"),
    path("blogs/<slug:blog_slug>/<slug:post_slug>/", views.post_detail, name="post_detail"),
    path("blogs/<slug:blog_slug>/<slug:post_slug>/edit/", views.post_edit, name="post_edit"),
    path("blogs/<slug:blog_slug>/<slug:post_slug>/readers/", views.post_readers, name="post_readers"),
    path("blogs/<slug:blog_slug>/<slug:post_slug>/delete/", views.post_delete, name="post_delete"),
    path("blogs/<slug:blog_slug>/<slug:post_slug>/history/", views.post_history, name="post_history"),
    path("blogs/<slug:blog_slug>/<slug:post_slug>/history/<int:new_id>/", views.post_diff, name="post_diff"),
    path(
        "blogs/<slug:blog_slug>/<slug:post_slug>/history/<int:old_id>/<int:new_id>/", views.post_diff, name="post_diff"
    ),
    path(
        "blogs/<slug:blog_slug>/<slug:post_slug>/history/<int:revision_id>/restore/",
        views.post_restore,
        name="post_restore",
    ),
]
