"""Generators for hpack's checked-in tables (run by hand, tested)."""
