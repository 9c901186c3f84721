from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "hardtech.matching"
    verbose_name = "智能匹配"
