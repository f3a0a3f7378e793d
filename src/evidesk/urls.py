from django.urls import include, path

from evidesk.accounts.views import set_language

urlpatterns = [
    path("", include("evidesk.system.urls")),
    path("accounts/tokens/", include("evidesk.api.page_urls")),
    path("accounts/", include("evidesk.accounts.urls")),
    path("knowledge/", include("evidesk.knowledge.urls")),
    path("audit/", include("evidesk.audit.urls")),
    path("contacts/", include("evidesk.contacts.urls")),
    path("statistics/", include("evidesk.reports.urls")),
    path("api/", include("evidesk.api.urls")),
    path("", include("evidesk.drafting.urls")),
    path("", include("evidesk.evidence.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("evidesk.web.urls")),
]
