"""Settings of the floor: a bare Django 5.2 project (no apps, CommonMiddleware only) that
serves the rows Hyoka's status list and API serve, read from the same PostgreSQL tables.

Served by benchmarks/bench_web.py as
``DJANGO_SETTINGS_MODULE=floor.settings gunicorn 'django.core.wsgi:get_wsgi_application()'``
from ``benchmarks/``, with the same gunicorn workers as ``hyoka serve --production``.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
SECRET_KEY = "floor-benchmark-only-not-a-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS: list[str] = []
MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]
ROOT_URLCONF = "floor.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {},
    }
]
# the same connection handling as Hyoka's settings (persistent connections, 60 s)
DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
# the replaying floor (views.replay): statements bound and prepared by the server as Hyoka's
# settings do on PostgreSQL (HYOKA_DB_PREPARE, on by default)
DATABASES["prepared"] = {
    **DATABASES["default"],
    "OPTIONS": {"server_side_binding": True, "prepare_threshold": 5},
}
USE_TZ = True
USE_I18N = False
