from django.urls import path

from evidesk.knowledge import views

urlpatterns = [
    path("", views.index, name="knowledge"),
    path("<slug:folder>/<str:key>/", views.detail, name="knowledge-detail"),
    path("<slug:folder>/<str:key>/facts/<slug:fact>/", views.correct, name="knowledge-correct"),
]
