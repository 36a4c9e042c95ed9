"""Request, response and header containers shared by the client and server."""

from __future__ import annotations

import json
from collections.abc import AsyncIterable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from h2tools._body import BodyStream

HeaderPairs = Iterable[tuple[str | bytes, str | bytes]]
Body = bytes | AsyncIterable[bytes]


def to_bytes(value: str | bytes) -> bytes:
    """Header names and values go on the wire as bytes; ``str`` is UTF-8 encoded."""
    return value.encode("utf-8") if isinstance(value, str) else bytes(value)


def _text(value: bytes) -> str:
    return value.decode("utf-8", errors="replace")


class Headers:
    """An ordered multi-map of header fields, looked up case-insensitively.

    Fields are kept as received (bytes); lookups and iteration use ``str``.
    """

    __slots__ = ("raw",)

    def __init__(self, fields: HeaderPairs = ()) -> None:
        #: The fields as ``(name, value)`` byte pairs, names lower-case.
        self.raw: list[tuple[bytes, bytes]] = [
            (to_bytes(name).lower(), to_bytes(value)) for name, value in fields
        ]

    @classmethod
    def from_raw(cls, raw: list[tuple[bytes, bytes]]) -> Headers:
        """Wrap already lower-cased byte pairs without copying."""
        headers = cls.__new__(cls)
        headers.raw = raw
        return headers

    def get(self, name: str, default: str | None = None) -> str | None:
        """The first value of ``name``, or ``default``."""
        key = name.lower().encode()
        for field_name, value in self.raw:
            if field_name == key:
                return _text(value)
        return default

    def get_all(self, name: str) -> list[str]:
        """Every value of ``name``, in order."""
        key = name.lower().encode()
        return [_text(value) for field_name, value in self.raw if field_name == key]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None

    def __getitem__(self, name: str) -> str:
        value = self.get(name)
        if value is None:
            raise KeyError(name)
        return value

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return ((_text(name), _text(value)) for name, value in self.raw)

    def __len__(self) -> int:
        return len(self.raw)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Headers):
            return self.raw == other.raw
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Headers({list(self)!r})"


class Request:
    """One request as a server handler sees it."""

    __slots__ = (
        "authority",
        "body",
        "headers",
        "method",
        "path",
        "protocol",
        "scheme",
        "stream_id",
        "trailers",
    )

    def __init__(
        self,
        *,
        method: str,
        path: str,
        scheme: str,
        authority: str,
        headers: Headers,
        body: BodyStream,
        stream_id: int,
        protocol: str | None = None,
    ) -> None:
        self.method = method
        self.path = path
        self.scheme = scheme
        self.authority = authority
        #: Regular fields only; pseudo-header fields are the attributes above.
        self.headers = headers
        #: The request body: ``async for chunk in request.body`` or ``await request.read()``.
        self.body = body
        self.stream_id = stream_id
        #: ``:protocol`` of an extended CONNECT (RFC 8441), else None.
        self.protocol = protocol
        #: Trailer fields sent after the body (RFC 9113 §8.1), known once it is read.
        self.trailers: Headers | None = None

    async def read(self, limit: int | None = None) -> bytes:
        """The whole request body (raises ``BodyTooLarge`` above ``limit``)."""
        return await self.body.read(limit)

    def __repr__(self) -> str:
        return f"<Request {self.method} {self.path} stream_id={self.stream_id}>"


@dataclass
class Response:
    """What a server handler returns.

    ``body`` is bytes or an async iterable of bytes (streamed chunk by chunk
    within flow control); ``trailers`` are sent after the body (RFC 9113 §8.1).
    """

    status: int = 200
    headers: Sequence[tuple[str | bytes, str | bytes]] = ()
    body: Body = b""
    trailers: Sequence[tuple[str | bytes, str | bytes]] | None = None

    @classmethod
    def text(cls, text: str, status: int = 200, content_type: str = "text/plain") -> Response:
        """A UTF-8 text response."""
        return cls(status, [("content-type", f"{content_type}; charset=utf-8")], text.encode())

    @classmethod
    def json(cls, value: Any, status: int = 200) -> Response:
        """A JSON response."""
        return cls(status, [("content-type", "application/json")], json.dumps(value).encode())


@dataclass
class ClientResponse:
    """A response received by the client.

    ``content`` is filled by ``Client.request``; streaming responses (from
    ``Client.stream``) are read through ``body``.
    """

    status: int
    headers: Headers
    stream_id: int
    body: BodyStream
    trailers: Headers | None = None
    content: bytes = b""
    http_version: str = field(default="HTTP/2")

    async def aread(self) -> bytes:
        """Read the rest of the body into ``content`` and return it."""
        self.content += await self.body.read()
        return self.content

    def aiter_bytes(self) -> AsyncIterable[bytes]:
        """The body chunk by chunk as it arrives."""
        return self.body

    @property
    def text(self) -> str:
        charset = "utf-8"
        content_type = self.headers.get("content-type") or ""
        for part in content_type.split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                charset = value.strip('"')
        try:
            return self.content.decode(charset, errors="replace")
        except LookupError:
            return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        return json.loads(self.content)
