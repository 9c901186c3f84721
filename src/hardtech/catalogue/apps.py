from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "hardtech.catalogue"
    verbose_name = "科技资源库"
