from django.urls import path

from hyoka.web import plan_views, publish, views

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
    # a plan's own pages (<plan>: the plan's id): its end-of-plan summary, its lineage
    path("plans/<int:plan>/summary/", plan_views.summary, name="plan_summary"),
    path("plans/<int:plan>/summary.pdf", plan_views.summary_pdf, name="plan_summary_pdf"),
    path("plans/<int:plan>/lineage/", plan_views.lineage_page, name="plan_lineage"),
]
