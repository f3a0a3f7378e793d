from django.urls import path

from evidesk.system import views

urlpatterns = [
    path("health", views.health, name="health"),
    path("setup/", views.setup, name="setup"),
]
