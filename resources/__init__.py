"""Files shipped with the app: the default codebook, the project JSON Schema, the sample project and its exhibits,
fonts and icons. Kept at the top of the repository and mapped into the package as ``exhibit_annotator.resources``
at build time (pyproject.toml), so a wheel, an editable install and a bundle all find them the same way."""
