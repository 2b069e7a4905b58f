"""Reports: builders produce the data (the status list as the typed, JSON-ready
:class:`~hyoka.reports.statuslist.StatusListReport`, also behind the public list page and the
dashboard); renderers (xlsx, PDF, HTML, CSV, JSON) only lay it out."""
