from django.urls import path

from hyoka.workflow import headline_views, plan_urls, review_views, views

#: the pages of one year of one plan (the plan's id is unique across areas)
YEAR = "entry/plans/<int:plan>/<int:year>/"

app_name = "workflow"
urlpatterns = [
    path("entry/", views.entry, name="entry"),
    path("entry/open/", views.open_year, name="open_year"),
    path("entry/preview/", views.preview, name="preview"),
    path(f"{YEAR}projects/<int:number>/", views.project_entry, name="project"),
    path(f"{YEAR}kpi/", headline_views.headline_entry, name="headlines"),
    path(f"{YEAR}remind/", views.remind, name="remind"),
    path(f"{YEAR}deadline/", review_views.deadline, name="deadline"),
    path(f"{YEAR}review/", review_views.review_list, name="review"),
    path(f"{YEAR}workbook.xlsx", views.workbook_download, name="workbook"),
    path(f"{YEAR}workbook/upload/", views.workbook_upload, name="workbook_upload"),
    path(
        "history/plans/<int:plan>/projects/<int:number>/",
        views.project_history,
        name="project_history",
    ),
    path("history/indicators/<uuid:uid>/", views.indicator_history, name="indicator_history"),
]

#: The old URLs, which named a fiscal year alone: redirected to the plan's (or a page of the
#: choices, when several plans have that year).  Same names, fewer arguments.
urlpatterns += [
    path(
        "entry/<int:year>/projects/<int:number>/",
        plan_urls.old_entry_page("project"),
        name="project",
    ),
    *(
        path(f"entry/<int:year>/{route}", plan_urls.old_entry_page(name), name=name)
        for route, name in [
            ("kpi/", "headlines"),
            ("remind/", "remind"),
            ("deadline/", "deadline"),
            ("review/", "review"),
            ("workbook.xlsx", "workbook"),
            ("workbook/upload/", "workbook_upload"),
        ]
    ),
    path(
        "history/projects/<int:number>/",
        plan_urls.old_project_history,
        name="project_history",
    ),
]
