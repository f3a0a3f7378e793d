from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "evidesk.accounts"
    label = "accounts"
    verbose_name = "Accounts"
