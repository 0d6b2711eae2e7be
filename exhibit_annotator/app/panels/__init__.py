"""The docked panels beside the pages: annotations, search, redactions, exhibits, categories, review queue."""
