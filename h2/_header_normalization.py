"""Header normalisation and encoding (API contract §6.6, RFC 9113 §8.2).

* outbound: UTF-8 encoding, lower-casing, cookie splitting (RFC 9113
  §8.2.3), whitespace stripping, dropping connection-specific fields and
  marking secrets as never-indexed (RFC 7541 §7.1.3);
* inbound: joining cookie fields back (RFC 9113 §8.2.3) and decoding with
  the configured ``header_encoding``.

Functions accept names and values as ``bytes`` or ``str`` where noted and
keep the tuple class (``HeaderTuple`` / ``NeverIndexedHeaderTuple``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Final

from h2._header_validation import CONNECTION_HEADERS, Field
from h2.exceptions import ProtocolError
from hpack import HeaderTuple, NeverIndexedHeaderTuple

__all__ = [
    "decode_headers",
    "join_inbound_cookies",
    "make_field",
    "normalize_field",
    "normalize_outbound",
    "to_bytes",
    "utf8_encode_headers",
]

# Fields whose values are secrets: never put them into an HPACK table
# (RFC 7541 §7.1.3).  Short cookies are guessable and get the same treatment.
SECRET_NAMES: Final = frozenset(
    {b"authorization", b"proxy-authorization", "authorization", "proxy-authorization"}
)
COOKIE_NAMES: Final = frozenset({b"cookie", "cookie"})
SHORT_COOKIE_LENGTH: Final = 20
#: Normalised names that need more than lower-casing and stripping.
NEEDS_CARE: Final = CONNECTION_HEADERS | SECRET_NAMES | COOKIE_NAMES

_new_tuple = tuple.__new__


def to_bytes(item: Any) -> bytes:
    """``str`` → UTF-8 bytes; bytes-like → ``bytes``; anything else → ``ProtocolError``."""
    if isinstance(item, str):
        try:
            return item.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ProtocolError(f"Header {item!r} cannot be encoded as UTF-8: {exc}") from None
    if isinstance(item, (bytearray, memoryview)):
        return bytes(item)
    raise ProtocolError(f"Header names and values must be bytes or str, not {type(item).__name__}")


def utf8_encode_headers(headers: Iterable[Field]) -> list[Field]:
    """Encode ``str`` names and values as UTF-8, keeping each tuple's class.

    Malformed fields (not a pair, or items that are neither bytes nor str)
    raise ``ProtocolError``.
    """
    encoded: list[Field] = []
    append = encoded.append
    for header in headers:
        try:
            name, value = header
        except (TypeError, ValueError):
            raise ProtocolError(f"Header field {header!r} is not a (name, value) pair") from None
        if name.__class__ is not bytes:
            name = to_bytes(name)
        if value.__class__ is not bytes:
            value = to_bytes(value)
        if isinstance(header, HeaderTuple):
            append(header.__class__(name, value))
        else:
            append((name, value))
    return encoded


def normalize_outbound(headers: Iterable[Field], split_cookies: bool = False) -> list[Field]:
    """Normalise fields we are about to send (contract §6.6 outbound step 2).

    See :func:`normalize_field`; works on ``bytes`` or ``str`` items.
    """
    normalized: list[Field] = []
    append = normalized.append
    for header in headers:
        name, value = header
        normalize_field(append, header.__class__, name, value, split_cookies)
    return normalized


def normalize_field(
    append: Callable[[Field], None],
    cls: type,
    name: Any,
    value: Any,
    split_cookies: bool,
) -> None:
    """Normalise one outbound field and append the result(s) (contract §6.6).

    In order: lower-case the name; optionally split a ``cookie`` value on
    ``"; "`` (RFC 9113 §8.2.3); strip surrounding whitespace from name and
    value; drop connection-specific fields (RFC 9113 §8.2.2); make
    ``authorization``, ``proxy-authorization`` and cookies shorter than 20
    bytes never-indexed (RFC 7541 §7.1.3).  Other fields keep their tuple
    class ``cls``.  Names and values are both ``bytes`` or both ``str``.
    """
    lowered = name.lower()
    name = lowered.strip()
    if name not in NEEDS_CARE:
        append(make_field(cls, name, value.strip()))
        return
    if name in CONNECTION_HEADERS:
        return
    if split_cookies and lowered in COOKIE_NAMES:
        pieces = value.split(b"; " if isinstance(value, bytes) else "; ")
    else:
        pieces = (value,)
    secret = name in SECRET_NAMES
    for piece in pieces:
        piece = piece.strip()
        if secret or len(piece) < SHORT_COOKIE_LENGTH:
            append(NeverIndexedHeaderTuple(name, piece))
        else:
            append(make_field(cls, name, piece))


def make_field(cls: type, name: Any, value: Any) -> Field:
    """A ``(name, value)`` field of the same tuple class as the field it came from.

    ``HeaderTuple`` classes are kept (built without calling their Python-level
    ``__new__``); any other input becomes a plain tuple.
    """
    if cls is tuple or not issubclass(cls, HeaderTuple):
        return (name, value)
    field: Field = _new_tuple(cls, (name, value))
    return field


def join_inbound_cookies(headers: list[Field]) -> list[Field]:
    """Move every ``cookie`` field into one never-indexed field at the end.

    RFC 9113 §8.2.3: split cookie fields are joined with ``"; "`` before
    the message is passed on.  Returns ``headers`` itself when there is no
    cookie field.  Only ``bytes`` names are matched (received blocks are
    bytes; ``str`` items pass through, as in h2 4.4).
    """
    cookies = [header[1] for header in headers if header[0] == b"cookie"]
    if not cookies:
        return headers
    others = [header for header in headers if header[0] != b"cookie"]
    # Empty crumbs carry nothing; joining them would only add "; " pairs
    # that make the field value end in whitespace.
    others.append(NeverIndexedHeaderTuple(b"cookie", b"; ".join([c for c in cookies if c])))
    return others


def decode_headers(headers: Iterable[Field], encoding: str) -> list[Field]:
    """Decode bytes names and values with ``encoding``, keeping each tuple's class.

    Bytes the codec cannot decode raise ``ProtocolError`` (not
    ``UnicodeDecodeError``): they came from the peer.
    """
    decoded: list[Field] = []
    append = decoded.append
    try:
        for header in headers:
            name, value = header
            if isinstance(header, HeaderTuple):
                append(header.__class__(name.decode(encoding), value.decode(encoding)))
            else:
                append((name.decode(encoding), value.decode(encoding)))
    except UnicodeDecodeError as exc:
        message = f"Received header that cannot be decoded as {encoding}: {exc}"
        raise ProtocolError(message) from None
    return decoded
