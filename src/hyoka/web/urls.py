from django.urls import path

from hyoka.web import moved, plan_views, publish, views

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
    # a plan's own pages (<plan>: the plan's id): its end-of-plan summary, its lineage
    path("plans/<int:plan>/summary/", plan_views.summary, name="plan_summary"),
    path("plans/<int:plan>/summary.pdf", plan_views.summary_pdf, name="plan_summary_pdf"),
    path("plans/<int:plan>/lineage/", plan_views.lineage_page, name="plan_lineage"),
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
