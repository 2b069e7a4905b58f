"""Hyoka (評価): the KPI progress loop of Japanese regional plans."""

__version__ = "0.1.0"
