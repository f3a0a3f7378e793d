from django.urls import path

from evidesk.api import pages

urlpatterns = [
    path("", pages.token_list, name="token-list"),
    path("<id:token_id>/revoke/", pages.token_revoke, name="token-revoke"),
]
