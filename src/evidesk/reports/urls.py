from django.urls import path

from evidesk.reports import views

urlpatterns = [
    path("", views.statistics_page, name="statistics"),
    path("annual/<id:year>.<str:fmt>", views.annual_report, name="annual-report"),
    path("<slug:table>.<str:fmt>", views.statistics_export, name="statistics-export"),
]
