from django.urls import path

from evidesk.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("cases/<int:case_id>/", views.case_detail, name="case-detail"),
]
