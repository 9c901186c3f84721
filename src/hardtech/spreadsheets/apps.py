from django.apps import AppConfig


class SpreadsheetsConfig(AppConfig):
    name = "hardtech.spreadsheets"
    verbose_name = "导入导出"
