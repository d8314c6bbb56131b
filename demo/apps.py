from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo content and bulk data for measuring; sits above every other app."""

    name = "demo"
    verbose_name = "Demo"
