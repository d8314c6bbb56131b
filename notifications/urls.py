from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="notification_list"),
    path("read/", views.notification_mark_all_read, name="notification_mark_all_read"),
    path("email/", views.email_preferences, name="email_preferences"),
    path("unsubscribe/<str:token>/", views.digest_unsubscribe, name="digest_unsubscribe"),
    path("follow/<int:post_id>/", views.follow_toggle, name="follow_toggle"),
    path("follow/people/<str:username>/", views.follow_colleague, name="follow_colleague"),
    path("follow/blogs/<slug:blog_slug>/", views.follow_blog, name="follow_blog"),
    path("<int:notification_id>/", views.notification_open, name="notification_open"),
    path("<int:notification_id>/read/", views.notification_mark_read, name="notification_mark_read"),
]
