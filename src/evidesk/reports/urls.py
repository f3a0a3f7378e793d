from django.urls import path

from evidesk.reports import views

urlpatterns = [
    path("", views.statistics_page, name="statistics"),
    path("<slug:table>.<str:fmt>", views.statistics_export, name="statistics-export"),
]
