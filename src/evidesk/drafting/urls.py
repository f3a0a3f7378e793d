from django.urls import path

from evidesk.drafting import views

urlpatterns = [
    path("requests/<id:request_id>/draft/", views.draft_page, name="draft"),
    path("requests/<id:request_id>/draft/check/", views.draft_check, name="draft-check"),
    path("documents/<id:document_id>/", views.document_download, name="document-download"),
]
