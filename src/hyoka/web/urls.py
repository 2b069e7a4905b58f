from django.urls import path

from hyoka.web import publish, views

app_name = "web"
urlpatterns = [
    path("", views.status_list, name="status_list"),
    path("projects/<int:number>/", views.project_detail, name="project"),
    path("indicators/<uuid:uid>/", views.indicator_detail, name="indicator"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("downloads/", views.downloads, name="downloads"),
    path("changes/", views.changes, name="changes"),
    path("publish/<int:year>/", publish.publish, name="publish"),
    path("export/<int:year>.<str:fmt>", views.export, name="export"),
]
