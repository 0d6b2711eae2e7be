"""Exhibit Annotator: review PDF exhibits, tag passages with claim categories, export briefing documents."""

__version__ = "0.1.0"
