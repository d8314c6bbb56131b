from django.urls import path

from . import views
from .feeds import SearchFeed

app_name = "search"
urlpatterns = [
    path("", views.search_results, name="search_results"),
    path("feed/", SearchFeed(), name="search_feed"),
]
