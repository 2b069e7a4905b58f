from django.urls import path

from floor import views

urlpatterns = [
    path("rows.json", views.rows_json),
    path("rows.html", views.rows_html),
    path("write", views.write),
    path("replay", views.replay),
]
