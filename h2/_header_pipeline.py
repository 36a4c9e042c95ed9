"""The header pipelines h2 runs on every header block (API contract §6.6).

``prepare_outbound_headers``: what ``send_headers``/``push_stream`` hand to
the HPACK encoder.  ``process_inbound_headers``: what a received block
becomes before it is put into an event.  Both run eagerly and completely
before anything is encoded or reported.  Also here: small inspection helpers
used to classify header blocks.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Final

from h2._header_normalization import (
    decode_headers,
    join_inbound_cookies,
    make_field,
    normalize_field,
    to_bytes,
)
from h2._header_validation import (
    Field,
    HeaderValidationFlags,
    validate_header_block,
)
from h2.exceptions import ProtocolError

if TYPE_CHECKING:
    from collections.abc import Callable

    from h2.config import H2Configuration

# Remembered results of normalising plain-tuple outbound fields (bounded:
# entries, and the size of the values kept; starts over when full).
_NORMALIZED: dict[Field, Field | None] = {}
_MEMO_ENTRIES: Final = 1024
_MEMO_VALUE_SIZE: Final = 256
_MISSING: Final[Any] = object()
_UNHASHABLE: Final[Any] = object()

__all__ = [
    "authority_from_headers",
    "extract_method_header",
    "is_informational_response",
    "prepare_outbound_headers",
    "process_inbound_headers",
]


def prepare_outbound_headers(
    headers: Iterable[Any], flags: HeaderValidationFlags, config: H2Configuration
) -> list[Field]:
    """UTF-8 encode, normalise (if configured) and validate (if configured) a block to send.

    Raises ``ProtocolError`` for malformed fields or a block that breaks the
    rules of RFC 9113 §8.2-§8.3; nothing has been encoded at that point.
    """
    prepared: list[Field] = []
    append = prepared.append
    normalize = config.normalize_outbound_headers
    split_cookies = config.split_outbound_cookies
    # Plain-tuple fields map to one prepared field (or none) as long as
    # cookies are not split, so their result can be remembered.
    use_memo = normalize and not split_cookies
    memo = _NORMALIZED
    header: Any = None
    try:
        for header in headers:
            if use_memo and header.__class__ is tuple:
                try:
                    cached = memo.get(header, _MISSING)
                except TypeError:  # an unhashable item, e.g. a bytearray value
                    cached = _UNHASHABLE
                if cached is _MISSING:
                    before = len(prepared)
                    _prepare_field(append, header, normalize, split_cookies)
                    if len(header[1]) <= _MEMO_VALUE_SIZE:
                        if len(memo) >= _MEMO_ENTRIES:
                            memo.clear()
                        memo[header] = prepared[before] if len(prepared) > before else None
                elif cached is _UNHASHABLE:
                    _prepare_field(append, header, normalize, split_cookies)
                elif cached is not None:
                    append(cached)
            else:
                _prepare_field(append, header, normalize, split_cookies)
    except UnicodeEncodeError as exc:
        raise ProtocolError(f"Header cannot be encoded as UTF-8: {exc}") from None
    except (TypeError, ValueError):
        raise ProtocolError(f"Header field {header!r} is not a (name, value) pair") from None
    if config.validate_outbound_headers:
        validate_header_block(prepared, flags, inbound=False)
    return prepared


def _prepare_field(
    append: Callable[[Field], None], header: Field, normalize: bool, split_cookies: bool
) -> None:
    """Encode and (if asked) normalise one outbound field, appending the result(s)."""
    name, value = header
    if name.__class__ is not bytes:
        name = name.encode() if name.__class__ is str else to_bytes(name)
    if value.__class__ is not bytes:
        value = value.encode() if value.__class__ is str else to_bytes(value)
    if normalize:
        normalize_field(append, header.__class__, name, value, split_cookies)
    else:
        append(make_field(header.__class__, name, value))


def process_inbound_headers(
    headers: list[Field], flags: HeaderValidationFlags, config: H2Configuration
) -> list[Field]:
    """Turn a decoded block (bytes, from ``Decoder.decode(raw=True)``) into event headers.

    Joins cookies (if ``normalize_inbound_headers``), validates (if
    ``validate_inbound_headers``) and decodes with ``header_encoding`` when
    it is a codec name.  Raises ``ProtocolError``.
    """
    if config.normalize_inbound_headers:
        headers = join_inbound_cookies(headers)
    if config.validate_inbound_headers:
        validate_header_block(headers, flags, inbound=True)
    encoding = config.header_encoding
    if encoding and isinstance(encoding, str):
        headers = decode_headers(headers, encoding)
    return headers


def extract_method_header(headers: Iterable[Field]) -> bytes | None:
    """The value of the ``:method`` field as bytes, or ``None`` if there is none."""
    for name, value in headers:
        if name == b":method":
            return value if isinstance(value, bytes) else to_bytes(value)
        if name == ":method":
            return to_bytes(value)
    return None


def is_informational_response(headers: Iterable[Field]) -> bool:
    """Whether a response block is informational: its ``:status`` starts with "1".

    Only the leading pseudo-header fields are inspected (RFC 9113 §8.3).
    """
    for name, value in headers:
        if name == b":status" or name == ":status":
            first = value[:1]
            return bool(first == b"1" or first == "1")
        first = name[:1]
        if first != b":" and first != ":":
            return False
    return False


def authority_from_headers(headers: Iterable[Field]) -> bytes | None:
    """The value of the ``:authority`` field as bytes, or ``None`` if there is none."""
    for name, value in headers:
        if name == b":authority" or name == ":authority":
            return value if isinstance(value, bytes) else to_bytes(value)
    return None
