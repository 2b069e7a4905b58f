from django.urls import path

from hyoka.web import moved, publish, views

#: the pages of one year of one plan (the plan's id is unique across areas)
YEAR = "plans/<int:plan>/<int:year>/"

app_name = "web"
urlpatterns = [
    path(YEAR, views.status_list, name="status_list"),
    path(f"{YEAR}projects/<int:number>/", views.project_detail, name="project"),
    path(f"{YEAR}dashboard/", views.dashboard, name="dashboard"),
    path(f"{YEAR}export.<str:fmt>", views.export, name="export"),
    path(f"{YEAR}publish/", publish.publish, name="publish"),
    path("plans/<int:plan>/changes/", views.changes, name="changes"),
    path("indicators/<uuid:uid>/", views.indicator_detail, name="indicator"),
    path("downloads/", views.downloads, name="downloads"),
]

#: The old URLs, which named a fiscal year alone (``?year=``): redirected to the plan's, or a
#: page of the choices when several plans fit.  Same names, fewer arguments: ``/`` is the
#: latest year of the latest plan the visitor may see.
urlpatterns += [
    path("", moved.status_list, name="status_list"),
    path("projects/<int:number>/", moved.project, name="project"),
    path("dashboard/", moved.dashboard, name="dashboard"),
    path("changes/", moved.changes, name="changes"),
    path("publish/<int:year>/", moved.publish, name="publish"),
    path("export/<int:year>.<str:fmt>", moved.export, name="export"),
]
