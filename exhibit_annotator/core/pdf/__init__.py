"""The PDF engine: opening exhibits, their text as a reader reads it, OCR of scans, selection, rendering, the page
index and search, redaction checks and anchoring passages. Knows PDFs and the models, never a project file."""
