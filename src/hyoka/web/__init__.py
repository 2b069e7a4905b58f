"""The web pages: the status list, projects, indicators and the dashboard."""
