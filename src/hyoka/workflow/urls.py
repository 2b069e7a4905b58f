from django.urls import path

from hyoka.workflow import headline_views, review_views, views

app_name = "workflow"
urlpatterns = [
    path("entry/", views.entry, name="entry"),
    path("entry/open/", views.open_year, name="open_year"),
    path("entry/preview/", views.preview, name="preview"),
    path("entry/<int:year>/projects/<int:number>/", views.project_entry, name="project"),
    path("entry/<int:year>/kpi/", headline_views.headline_entry, name="headlines"),
    path("entry/<int:year>/remind/", views.remind, name="remind"),
    path("entry/<int:year>/deadline/", review_views.deadline, name="deadline"),
    path("entry/<int:year>/review/", review_views.review_list, name="review"),
    path("entry/<int:year>/workbook.xlsx", views.workbook_download, name="workbook"),
    path("entry/<int:year>/workbook/upload/", views.workbook_upload, name="workbook_upload"),
    path("history/projects/<int:number>/", views.project_history, name="project_history"),
    path("history/indicators/<uuid:uid>/", views.indicator_history, name="indicator_history"),
]
