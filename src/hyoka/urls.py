from django.contrib import admin
from django.urls import include, path

from hyoka.api.views import api

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("hyoka.workflow.urls")),
    path("", include("hyoka.web.urls")),
]
