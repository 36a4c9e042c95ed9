"""hyperframe: parse and serialize HTTP/2 frames (RFC 9113 §4, §6)."""

__version__ = "7.0.0"
