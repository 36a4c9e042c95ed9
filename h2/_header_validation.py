"""Header block validation (RFC 9113 §8.2, §8.3; API contract §6.6) and content-length.

Everything here works on *bytes* names and values and runs eagerly: a
header block is checked completely before anything is encoded or reported,
so a rejected block never half-updates an HPACK context.  The lazy
compatibility wrappers live in ``h2.utilities``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Final, NamedTuple

from h2.exceptions import ProtocolError

__all__ = [
    "HeaderValidationFlags",
    "content_length_from_headers",
    "validate_header_block",
]

#: A header field as h2 handles it internally: ``(name, value)``, usually a ``HeaderTuple``.
Field = tuple[Any, ...]


class HeaderValidationFlags(NamedTuple):
    """Which rules apply to a header block.

    A block that is neither a trailer nor a response is a request (a
    PUSH_PROMISE's promised request included).  A trailer may carry no
    pseudo-header at all, so a block flagged as both trailer and response
    can never pass.
    """

    is_client: bool
    is_trailer: bool
    is_response_header: bool
    is_push_promise: bool


# RFC 9113 §8.2.1: names must not contain 0x00-0x20, 0x41-0x5A (A-Z) or 0x7F-0xFF,
# and ':' only as the first character of a pseudo-header.  Translating a name with
# these bytes deleted leaves exactly the offending characters (b":" for a pseudo-header).
_NAME_BYTES: Final = bytes(
    b for b in range(0x21, 0x7F) if not 0x41 <= b <= 0x5A and b != 0x3A
)
_COLON: Final = 0x3A
_SP_HTAB: Final = (0x20, 0x09)
# Names that are known to be well-formed: checking membership is cheaper than
# scanning the characters, and most blocks consist of such names.
_WELL_FORMED_NAMES: Final = frozenset(
    {
        b":authority", b":method", b":path", b":scheme", b":status", b":protocol",
        b"accept", b"accept-charset", b"accept-encoding", b"accept-language",
        b"accept-ranges", b"access-control-allow-origin", b"age", b"allow",
        b"authorization", b"cache-control", b"content-disposition",
        b"content-encoding", b"content-language", b"content-length",
        b"content-location", b"content-range", b"content-type", b"cookie", b"date",
        b"etag", b"expect", b"expires", b"from", b"host", b"if-match",
        b"if-modified-since", b"if-none-match", b"if-range", b"if-unmodified-since",
        b"last-modified", b"link", b"location", b"max-forwards",
        b"proxy-authenticate", b"proxy-authorization", b"range", b"referer",
        b"refresh", b"retry-after", b"server", b"set-cookie",
        b"strict-transport-security", b"user-agent", b"vary", b"via",
        b"www-authenticate", b"x-forwarded-for", b"origin", b"priority",
    }
)

# RFC 9113 §8.2.2: connection-specific fields make a message malformed.
CONNECTION_HEADERS: Final = frozenset(
    {
        b"connection", b"proxy-connection", b"keep-alive", b"transfer-encoding", b"upgrade",
        "connection", "proxy-connection", "keep-alive", "transfer-encoding", "upgrade",
    }
)

# RFC 9113 §8.3: the pseudo-header fields defined for HTTP/2 (plus RFC 8441's :protocol).
_KNOWN_PSEUDO: Final = frozenset(
    {b":method", b":scheme", b":authority", b":path", b":status", b":protocol"}
)
# Regular fields with rules beyond their characters (RFC 9113 §8.2.2, §8.3.1).
_SPECIAL_REGULAR: Final = frozenset({b"te", b"host"}) | {
    name for name in CONNECTION_HEADERS if isinstance(name, bytes)
}
_REQUEST_ONLY_PSEUDO: Final = (b":method", b":scheme", b":authority", b":path", b":protocol")


def _check_field(name: bytes, value: bytes, inbound: bool) -> None:
    """Reject a field whose name or value breaks RFC 9113 §8.2.1.

    Names: no byte in 0x00-0x20, A-Z or 0x7F-0xFF, no ':' except as the
    first character of a pseudo-header, not empty.  Values: no NUL, CR or
    LF, no leading or trailing SP/HTAB.
    """
    if name not in _WELL_FORMED_NAMES:
        leftover = name.translate(None, _NAME_BYTES)
        if leftover and (leftover != b":" or name[0] != _COLON):
            direction = "Received" if inbound else "Sending"
            if any(0x41 <= char <= 0x5A for char in leftover):
                raise ProtocolError(f"{direction} uppercase header name {name!r}.")
            raise ProtocolError(f"{direction} header name with invalid characters: {name!r}.")
        if not name:
            if inbound:
                raise ProtocolError("Received header name with zero length.")
            raise ProtocolError("Sending header name with zero length.")
    if value and (
        b"\r" in value
        or b"\n" in value
        or b"\x00" in value
        or value[0] in _SP_HTAB
        or value[-1] in _SP_HTAB
    ):
        direction = "Received" if inbound else "Sending"
        raise ProtocolError(f"{direction} header {name!r} with invalid value {value!r}.")


# Fields already found valid by _check_field, so that the fields every block
# repeats (method, scheme, user-agent, accept, content-type, ...) are
# recognised by one set lookup.  Validity of a (name, value) pair does not
# depend on its block, so caching is safe; the cache is bounded in entries
# and in the size of the values it keeps, and simply starts over when full.
_KNOWN_GOOD_PSEUDO: set[Field] = set()
_KNOWN_GOOD_REGULAR: set[Field] = set()
_CACHE_ENTRIES: Final = 1024
_CACHE_VALUE_SIZE: Final = 256


def _remember(cache: set[Field], header: Field) -> None:
    if len(header[1]) <= _CACHE_VALUE_SIZE:
        if len(cache) >= _CACHE_ENTRIES:
            cache.clear()
        cache.add(header)


def validate_header_block(
    headers: Sequence[Field], flags: HeaderValidationFlags, inbound: bool = True
) -> None:
    """Check one header block completely; raise ``ProtocolError`` on the first problem.

    Names and values must be ``bytes``.  Checks, per field: characters
    (RFC 9113 §8.2.1), empty names, ``te`` (§8.2.2), connection-specific
    fields (§8.2.2), pseudo-header placement and uniqueness (§8.3); then, for
    the block: the pseudo-headers its kind requires or forbids (§8.3.1,
    §8.3.2, RFC 8441 §4), host/:authority consistency (§8.3.1) and a
    non-empty ``:path``.
    """
    pseudo: dict[bytes, bytes] = {}
    host: bytes | None = None
    regular_seen = False
    is_trailer = flags.is_trailer
    good_regular = _KNOWN_GOOD_REGULAR
    good_pseudo = _KNOWN_GOOD_PSEUDO
    for header in headers:
        if header in good_regular:
            regular_seen = True
            continue
        name, value = header
        known_pseudo = header in good_pseudo
        if not known_pseudo:
            _check_field(name, value, inbound)
        if name[0] == _COLON:
            if is_trailer:
                direction = "Received" if inbound else "Sending"
                raise ProtocolError(f"{direction} pseudo-header in trailer {name!r}")
            if regular_seen:
                raise ProtocolError(f"Pseudo-header {name!r} after regular headers")
            if name in pseudo:
                raise ProtocolError(f"Duplicate pseudo-header {name!r}")
            if not known_pseudo:
                if name not in _KNOWN_PSEUDO:
                    raise ProtocolError(f"Unknown pseudo-header {name!r}")
                _remember(good_pseudo, header)
            pseudo[name] = value
            continue
        regular_seen = True
        if name in _SPECIAL_REGULAR:
            if name in CONNECTION_HEADERS:
                raise ProtocolError(f"Connection-specific header field present: {name!r}.")
            if name == b"te":
                if value.lower() != b"trailers":
                    raise ProtocolError(f"Invalid value for TE header: {value!r}")
            else:  # host
                if host is not None:
                    raise ProtocolError("Request contains more than one host header.")
                host = value
            continue
        _remember(good_regular, header)
    if is_trailer:
        if flags.is_response_header:
            # Flags claiming both kinds (the connection never builds them):
            # a response needs :status and a trailer forbids it, so such a
            # block is refused, as the contract's rules read together imply.
            _check_response_pseudo(pseudo)
        return
    if flags.is_response_header:
        _check_response_pseudo(pseudo)
    else:
        _check_request_pseudo(pseudo, host)


def _check_response_pseudo(pseudo: dict[bytes, bytes]) -> None:
    # RFC 9113 §8.3.2: a response carries :status and no request pseudo-headers.
    if b":status" not in pseudo:
        raise ProtocolError("Response header block is missing the :status pseudo-header")
    for name in _REQUEST_ONLY_PSEUDO:
        if name in pseudo:
            raise ProtocolError(f"Response header block contains request pseudo-header {name!r}")


def _check_request_pseudo(pseudo: dict[bytes, bytes], host: bytes | None) -> None:
    # RFC 9113 §8.3.1 (and §8.5 for CONNECT, RFC 8441 §4 for extended CONNECT).
    method = pseudo.get(b":method")
    if method is None:
        raise ProtocolError("Request header block is missing the :method pseudo-header")
    if b":status" in pseudo:
        raise ProtocolError("Request header block contains the :status pseudo-header")
    if method == b"CONNECT" and b":protocol" not in pseudo:
        for name in (b":scheme", b":path"):
            if name in pseudo:
                raise ProtocolError(f"CONNECT request must not contain {name!r}")
    else:
        for name in (b":scheme", b":path"):
            if name not in pseudo:
                raise ProtocolError(f"Request header block is missing {name!r}")
        if method != b"CONNECT" and b":protocol" in pseudo:
            raise ProtocolError("Only CONNECT requests may contain the :protocol pseudo-header")
    authority = pseudo.get(b":authority")
    if authority is None:
        if host is None:
            raise ProtocolError("Request header block has neither :authority nor host")
    elif host is not None and host != authority:
        raise ProtocolError(
            f"Request header block has conflicting :authority {authority!r} and host {host!r}"
        )
    if pseudo.get(b":path") == b"":
        raise ProtocolError("An empty :path pseudo-header is not allowed")


def content_length_from_headers(headers: Iterable[Field]) -> int | None:
    """Return the body length announced by ``content-length`` fields, or ``None``.

    RFC 9110 §8.6 / RFC 9113 §8.1.1: every value must be one or more ASCII
    digits; repeated fields must agree.  Violations raise ``ProtocolError``.
    Names and values may be ``bytes`` or ``str``.
    """
    length: int | None = None
    for name, value in headers:
        if name == b"content-length" or name == "content-length":
            if not (value.isascii() and value.isdigit()):
                raise ProtocolError(f"Invalid content-length header: {value!r}")
            try:
                parsed = int(value)
            except ValueError:  # more digits than int() accepts (sys.int_info)
                raise ProtocolError(f"Invalid content-length header: {value[:32]!r}...") from None
            if length is not None and parsed != length:
                raise ProtocolError(f"Conflicting content-length headers: {length} and {parsed}")
            length = parsed
    return length
