from django.urls import path

from evidesk.evidence import views

urlpatterns = [
    path("requests/<id:request_id>/evidence/", views.request_evidence, name="request-evidence"),
    path(
        "requests/<id:request_id>/evidence/verify/",
        views.request_verify,
        name="request-evidence-verify",
    ),
    path("evidence/<id:item_id>/", views.item_detail, name="evidence-item"),
    path("evidence/<id:item_id>/extract/", views.item_extract, name="evidence-extract"),
    path("evidence/<id:item_id>/download/", views.item_download, name="evidence-download"),
    path("evidence/<id:item_id>/verify/", views.item_verify, name="evidence-verify"),
    path("cases/<id:case_id>/evidence/export/", views.case_export, name="evidence-export"),
    path("cases/<id:case_id>/evidence/custody.pdf", views.custody_report, name="custody-report"),
]
