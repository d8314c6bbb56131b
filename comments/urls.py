from django.urls import path

from . import views
from .feeds import PostCommentsFeed

app_name = "comments"

urlpatterns = [
    path("post/<int:post_id>/", views.comment_create, name="comment_create"),
    path("feed/<int:post_id>/", PostCommentsFeed(), name="post_comments_feed"),
    path("<int:comment_id>/", views.comment_permalink, name="comment_permalink"),
    path("<int:comment_id>/edit/", views.comment_edit, name="comment_edit"),
    path("<int:comment_id>/remove/", views.comment_remove, name="comment_remove"),
    path("<int:comment_id>/restore/", views.comment_restore, name="comment_restore"),
    path("reactions/post/<int:post_id>/", views.react_post, name="react_post"),
    path("<int:comment_id>/react/", views.react_comment, name="react_comment"),
]
