"""Compatibility module: the header helpers of the compatible API (contract §5.7).

The real pipelines are eager (``h2._header_pipeline``); the ``validate_*``
and ``normalize_*`` functions here keep the compatible *lazy* form: they
return generators that do their work, and raise ``ProtocolError``, only
while being consumed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from h2._flow_control import guard_increment_window
from h2._header_normalization import (
    join_inbound_cookies,
    normalize_outbound,
    utf8_encode_headers,
)
from h2._header_pipeline import (
    authority_from_headers,
    extract_method_header,
    is_informational_response,
)
from h2._header_validation import Field, HeaderValidationFlags, validate_header_block
from h2._size_limit_dict import SizeLimitDict

__all__ = [
    "HeaderValidationFlags",
    "SizeLimitDict",
    "authority_from_headers",
    "extract_method_header",
    "guard_increment_window",
    "is_informational_response",
    "normalize_inbound_headers",
    "normalize_outbound_headers",
    "utf8_encode_headers",
    "validate_headers",
    "validate_outbound_headers",
]


def _validated(
    headers: Iterable[Any], flags: HeaderValidationFlags, inbound: bool
) -> Iterator[Field]:
    fields = list(headers)
    validate_header_block(utf8_encode_headers(fields), flags, inbound)
    yield from fields


def validate_headers(
    headers: Iterable[Any], hdr_validation_flags: HeaderValidationFlags
) -> Iterator[Field]:
    """Lazily validate a received block; yields the fields unchanged."""
    return _validated(headers, hdr_validation_flags, True)


def validate_outbound_headers(
    headers: Iterable[Any], hdr_validation_flags: HeaderValidationFlags
) -> Iterator[Field]:
    """Lazily validate a block to send; yields the fields unchanged."""
    return _validated(headers, hdr_validation_flags, False)


def normalize_outbound_headers(
    headers: Iterable[Any],
    hdr_validation_flags: HeaderValidationFlags | None,
    should_split_outbound_cookies: bool = False,
) -> Iterator[Field]:
    """Lazily normalise a block to send (lower-case, strip, drop, protect secrets)."""
    yield from normalize_outbound(headers, should_split_outbound_cookies)


def normalize_inbound_headers(
    headers: Iterable[Any], hdr_validation_flags: HeaderValidationFlags | None
) -> Iterator[Field]:
    """Lazily join the cookie fields of a received block into one."""
    yield from join_inbound_cookies(list(headers))
