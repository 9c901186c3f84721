from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "hardtech.policies"
    verbose_name = "政策兑现"
