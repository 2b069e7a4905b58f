"""Reports: builders produce plain data (dicts and lists, JSON-ready); renderers (xlsx, PDF,
HTML, CSV, JSON) only lay it out."""
