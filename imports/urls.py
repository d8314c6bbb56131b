from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("import/", views.import_start, name="import_start"),
    path("import/<int:pk>/", views.import_detail, name="import_detail"),
    path("import/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("export/<slug:blog_slug>/", views.export_download, name="export_download"),
]
