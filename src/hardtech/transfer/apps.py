from django.apps import AppConfig


class TransferConfig(AppConfig):
    name = "hardtech.transfer"
    verbose_name = "导入导出"
