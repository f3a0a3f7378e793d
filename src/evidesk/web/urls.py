from django.urls import path

from evidesk.web import request_pages, views

urlpatterns = [
    path("", views.home, name="home"),
    path("cases/", views.case_list, name="case-list"),
    path("cases/new/", views.case_create, name="case-create"),
    path("calendar/", views.calendar_settings, name="calendar-settings"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
    path("cases/<id:case_id>/", views.case_detail, name="case-detail"),
    path("cases/<id:case_id>/edit/", views.case_edit, name="case-edit"),
    path("cases/<id:case_id>/team/", views.case_team, name="case-team"),
    path("break-glass/", views.break_glass, name="break-glass"),
    path("cases/<id:case_id>/targets/new/", views.target_add, name="target-add"),
    path("cases/<id:case_id>/plan/draft/", views.draft_from_step, name="draft-from-step"),
    path(
        "cases/<id:case_id>/requests/incoming/",
        request_pages.incoming_register,
        name="incoming-register",
    ),
    path("requests/<id:request_id>/", request_pages.request_detail, name="request-detail"),
    path("requests/<id:request_id>/edit/", request_pages.request_edit, name="request-edit"),
    path(
        "requests/<id:request_id>/transition/",
        request_pages.request_transition,
        name="request-transition",
    ),
    path(
        "requests/<id:request_id>/correspondence/",
        request_pages.correspondence_add,
        name="correspondence-add",
    ),
    path(
        "transitions/<id:transition_id>/date/",
        request_pages.transition_date,
        name="transition-date",
    ),
    path(
        "attachments/<id:attachment_id>/",
        request_pages.attachment_download,
        name="attachment-download",
    ),
]
