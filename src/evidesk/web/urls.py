from django.urls import path

from evidesk.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("cases/new/", views.case_create, name="case-create"),
    path("cases/<int:case_id>/", views.case_detail, name="case-detail"),
    path("cases/<int:case_id>/targets/new/", views.target_add, name="target-add"),
]
