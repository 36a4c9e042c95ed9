"""priority: HTTP/2 stream scheduling (RFC 7540 §5.3 tree and RFC 9218 urgency)."""

__version__ = "3.0.0"
