"""What the window's menus do, each a thin flow over the core: tagging, exhibit files, sharing, interop, OCR."""
