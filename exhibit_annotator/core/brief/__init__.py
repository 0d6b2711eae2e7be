"""The brief as data (sections, quotes, cites), the cite forms, and checking a written brief's quotes."""
