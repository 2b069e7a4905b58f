"""WSGI entry point (``gunicorn hyoka.wsgi``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hyoka.settings")
application = get_wsgi_application()
