from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "evidesk.contacts"
    label = "contacts"
    verbose_name = "Contacts"
