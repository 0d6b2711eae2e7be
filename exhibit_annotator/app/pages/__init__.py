"""Showing an exhibit's pages: the page view, selection on it, highlights, thumbnails, tabs, the start page."""
