"""The REST API (/api/v1/): django-ninja, OpenAPI at /api/v1/schema, docs at /api/v1/docs."""
