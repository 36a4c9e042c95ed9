"""hpack: HTTP/2 header compression (RFC 7541)."""

__version__ = "5.0.0"
