"""h2: a sans-I/O HTTP/2 connection state machine (RFC 9113)."""

__version__ = "5.0.0"
