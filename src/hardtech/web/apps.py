from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "hardtech.web"
    verbose_name = "门户"
