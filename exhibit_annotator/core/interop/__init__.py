"""Other tools' formats: REFI-QDA projects (QualCoder, ATLAS.ti, NVivo, MAXQDA) and PDF comments (Acrobat)."""
