from django.urls import path

from evidesk.contacts import views

urlpatterns = [
    path("", views.contact_list, name="contact-list"),
    path("new/", views.contact_create, name="contact-create"),
    path("<id:contact_id>/", views.contact_edit, name="contact-edit"),
    path("<id:contact_id>/delete/", views.contact_delete, name="contact-delete"),
]
