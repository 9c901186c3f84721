from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hardtech.core"
    verbose_name = "平台"
