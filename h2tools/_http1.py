"""The little HTTP/1.1 needed around HTTP/2: h2c upgrade and polite refusals.

RFC 7540 §3.2 (h2c upgrade, removed from RFC 9113 but still spoken by curl
and nghttp) starts with an HTTP/1.1 request carrying ``Upgrade: h2c`` and
``HTTP2-Settings``; the server answers ``101 Switching Protocols``.
"""

from __future__ import annotations

from dataclasses import dataclass

from h2tools.errors import ProtocolFailure

HEAD_END = b"\r\n\r\n"


@dataclass
class Http1Message:
    """A parsed HTTP/1.1 request or response head."""

    start_line: tuple[str, str, str]
    headers: list[tuple[str, str]]

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key == name:
                return value
        return None

    def tokens(self, name: str) -> set[str]:
        """Comma-separated tokens of every ``name`` field, lower-cased."""
        found: set[str] = set()
        for key, value in self.headers:
            if key == name:
                found.update(token.strip().lower() for token in value.split(","))
        return found


def parse_head(head: bytes) -> Http1Message:
    """Parse a request or status line plus fields (without the blank line)."""
    try:
        text = head.decode("latin-1")
    except UnicodeDecodeError as exc:  # pragma: no cover - latin-1 decodes everything
        raise ProtocolFailure("undecodable HTTP/1.1 head") from exc
    lines = text.split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) != 3:
        raise ProtocolFailure(f"malformed HTTP/1.1 start line: {lines[0][:80]!r}")
    headers: list[tuple[str, str]] = []
    for line in lines[1:]:
        name, colon, value = line.partition(":")
        if not colon or not name or name != name.strip():
            raise ProtocolFailure(f"malformed HTTP/1.1 header line: {line[:80]!r}")
        headers.append((name.lower(), value.strip()))
    return Http1Message((parts[0], parts[1], parts[2]), headers)


def simple_response(status: int, reason: str, text: str, extra: str = "") -> bytes:
    """A complete HTTP/1.1 response that closes the connection."""
    body = text.encode()
    return (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: text/plain; charset=utf-8\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n{extra}\r\n"
    ).encode("latin-1") + body


SWITCHING_PROTOCOLS = (
    b"HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n"
)


def upgrade_request(method: str, target: str, authority: str, settings_header: bytes) -> bytes:
    """The client's HTTP/1.1 request asking for h2c (RFC 7540 §3.2)."""
    return (
        f"{method} {target} HTTP/1.1\r\nHost: {authority}\r\n"
        "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
        f"HTTP2-Settings: {settings_header.decode('ascii')}\r\n\r\n"
    ).encode("latin-1")
