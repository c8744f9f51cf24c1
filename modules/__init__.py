"""Reusable constructs, one per file. None of them knows which environment it is in."""
