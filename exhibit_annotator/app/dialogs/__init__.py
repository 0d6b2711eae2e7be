"""The dialogs: export, exhibit details, codebook, preferences, cite check, compare, re-anchoring, about."""
