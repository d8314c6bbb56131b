from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("me/edit/", views.profile_edit, name="profile_edit"),
    path("suggest/", views.suggest, name="suggest"),
    path("me/feed-token/", views.feed_token_replace, name="feed_token_replace"),
    path("<str:username>/", views.profile, name="profile"),
]
