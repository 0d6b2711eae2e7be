"""Exhibit Annotator: review PDF exhibits, tag passages with claim categories, export briefing documents."""

from importlib.metadata import PackageNotFoundError, version

try:
    # The one version string: pyproject.toml's, as installed (a bundle carries the metadata too).
    __version__ = version("exhibit-annotator")
except PackageNotFoundError:  # a source tree on sys.path that was never installed
    __version__ = "0+unknown"
