from django.urls import path

from evidesk.evidence import views

urlpatterns = [
    path("requests/<int:request_id>/evidence/", views.request_evidence, name="request-evidence"),
    path("evidence/<int:item_id>/", views.item_detail, name="evidence-item"),
    path("evidence/<int:item_id>/extract/", views.item_extract, name="evidence-extract"),
    path("evidence/<int:item_id>/download/", views.item_download, name="evidence-download"),
    path("cases/<int:case_id>/evidence/export/", views.case_export, name="evidence-export"),
    path("cases/<int:case_id>/evidence/custody.pdf", views.custody_report, name="custody-report"),
]
