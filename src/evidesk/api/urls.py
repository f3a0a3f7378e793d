from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from evidesk.api.views import cases, office, requests
from evidesk.api.views.documentation import Documentation
from evidesk.api.views.errors import unknown_address

urlpatterns = [
    path("schema", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", Documentation.as_view(url_name="api-schema"), name="api-docs"),
    path("cases/", cases.CaseList.as_view(), name="api-cases"),
    path("cases/<id:case_id>/", cases.CaseDetail.as_view(), name="api-case"),
    path("cases/<id:case_id>/targets/", cases.CaseTargets.as_view(), name="api-case-targets"),
    path(
        "cases/<id:case_id>/requests/incoming/",
        cases.CaseIncomingRequests.as_view(),
        name="api-case-incoming",
    ),
    path("cases/<id:case_id>/team/", cases.CaseTeam.as_view(), name="api-case-team"),
    path(
        "cases/<id:case_id>/team/<id:user_id>/",
        cases.CaseMember.as_view(),
        name="api-case-member",
    ),
    path("cases/<id:case_id>/plan/", cases.CasePlan.as_view(), name="api-case-plan"),
    path("requests/", requests.RequestList.as_view(), name="api-requests"),
    path("requests/<id:request_id>/", requests.RequestDetail.as_view(), name="api-request"),
    path(
        "requests/<id:request_id>/transitions/",
        requests.RequestTransitions.as_view(),
        name="api-request-transitions",
    ),
    path(
        "requests/<id:request_id>/correspondence/",
        requests.RequestCorrespondence.as_view(),
        name="api-request-correspondence",
    ),
    path(
        "requests/<id:request_id>/documents/",
        requests.RequestDocuments.as_view(),
        name="api-request-documents",
    ),
    path(
        "documents/<id:document_id>/file",
        requests.DocumentFile.as_view(),
        name="api-document-file",
    ),
    path(
        "attachments/<id:attachment_id>/file",
        requests.AttachmentFile.as_view(),
        name="api-attachment-file",
    ),
    path("deadlines/", requests.DeadlineList.as_view(), name="api-deadlines"),
    path("evidence/", requests.EvidenceList.as_view(), name="api-evidence"),
    path("evidence/<id:item_id>/", requests.EvidenceDetail.as_view(), name="api-evidence-item"),
    path("knowledge/resolve", office.Resolve.as_view(), name="api-resolve"),
    path("knowledge/<str:folder>/", office.KnowledgeList.as_view(), name="api-knowledge"),
    path(
        "knowledge/<str:folder>/<str:key>/",
        office.KnowledgeDetail.as_view(),
        name="api-knowledge-entry",
    ),
    path("advisor/plan", office.Advise.as_view(), name="api-advise"),
    path("contacts/", office.ContactList.as_view(), name="api-contacts"),
    path("contacts/<id:contact_id>/", office.ContactDetail.as_view(), name="api-contact"),
    path("statistics/", office.Statistics.as_view(), name="api-statistics"),
    path("audit/events/", office.AuditTrail.as_view(), name="api-audit"),
    path("tokens/", office.TokenList.as_view(), name="api-tokens"),
    path("tokens/<id:token_id>/", office.TokenDetail.as_view(), name="api-token"),
    re_path(r"^.*$", unknown_address, name="api-unknown"),
]
