from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("", views.participation_dashboard, name="participation_dashboard"),
    path("participation.csv", views.participation_csv, name="participation_csv"),
]
