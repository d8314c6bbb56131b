from django.urls import path

from . import views

app_name = "manage"

urlpatterns = [
    path("", views.colleague_list, name="colleague_list"),
    path("colleagues/invite/", views.colleague_invite, name="colleague_invite"),
    path("colleagues/import/", views.colleague_import, name="colleague_import"),
    path("colleagues/<str:username>/", views.colleague_detail, name="colleague_detail"),
    path("colleagues/<str:username>/roles/", views.colleague_roles, name="colleague_roles"),
    path("colleagues/<str:username>/deactivate/", views.colleague_deactivate, name="colleague_deactivate"),
    path("colleagues/<str:username>/reactivate/", views.colleague_reactivate, name="colleague_reactivate"),
    path("colleagues/<str:username>/invitation/", views.invitation_resend, name="invitation_resend"),
    path("blogs/", views.teamblog_list, name="teamblog_list"),
    path("blogs/new/", views.teamblog_create, name="teamblog_create"),
    path("blogs/<slug:blog_slug>/", views.teamblog_detail, name="teamblog_detail"),
    path("blogs/<slug:blog_slug>/members/<str:username>/remove/", views.membership_remove, name="membership_remove"),
]
