from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "hardtech.demo"
    verbose_name = "示例园区"
