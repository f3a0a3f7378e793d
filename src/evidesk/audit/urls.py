from django.urls import path

from evidesk.audit import views

urlpatterns = [
    path("", views.trail, name="audit-trail"),
    path("verify/", views.verify, name="audit-verify"),
    path("export.csv", views.export, name="audit-export"),
]
