"""Header pipelines (contract §6.6, §6.15; RFC 9113 §8.2, §8.3)."""

from __future__ import annotations

import contextlib
import types
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from h2._header_normalization import (
    decode_headers,
    join_inbound_cookies,
    normalize_outbound,
    to_bytes,
)
from h2._header_pipeline import prepare_outbound_headers, process_inbound_headers
from h2._header_validation import content_length_from_headers, validate_header_block
from h2.config import H2Configuration
from h2.exceptions import ProtocolError
from h2.utilities import (
    HeaderValidationFlags,
    authority_from_headers,
    extract_method_header,
    is_informational_response,
    normalize_inbound_headers,
    normalize_outbound_headers,
    utf8_encode_headers,
    validate_headers,
    validate_outbound_headers,
)
from hpack import HeaderTuple, NeverIndexedHeaderTuple

REQUEST = HeaderValidationFlags(
    is_client=False, is_trailer=False, is_response_header=False, is_push_promise=False
)
PUSH = HeaderValidationFlags(
    is_client=True, is_trailer=False, is_response_header=False, is_push_promise=True
)
RESPONSE = HeaderValidationFlags(
    is_client=True, is_trailer=False, is_response_header=True, is_push_promise=False
)
TRAILER = HeaderValidationFlags(
    is_client=True, is_trailer=True, is_response_header=False, is_push_promise=False
)

GET = [
    (b":method", b"GET"),
    (b":scheme", b"https"),
    (b":path", b"/"),
    (b":authority", b"example.com"),
]
OK_RESPONSE = [(b":status", b"200"), (b"content-type", b"text/plain")]


@pytest.fixture(autouse=True)
def _fresh_caches() -> None:
    """Start every test with empty field caches, so each one runs the full checks."""
    from h2 import _header_pipeline, _header_validation

    _header_pipeline._NORMALIZED.clear()
    _header_validation._KNOWN_GOOD_REGULAR.clear()
    _header_validation._KNOWN_GOOD_PSEUDO.clear()


def check(headers: list[Any], flags: HeaderValidationFlags = REQUEST) -> None:
    validate_header_block(headers, flags, inbound=True)
    validate_header_block(headers, flags, inbound=False)


def rejects(
    headers: list[Any], flags: HeaderValidationFlags = REQUEST, match: str | None = None
) -> None:
    for inbound in (True, False):
        with pytest.raises(ProtocolError, match=match):
            validate_header_block(headers, flags, inbound=inbound)


# -- flags -------------------------------------------------------------------------------


def test_header_validation_flags_fields() -> None:
    assert HeaderValidationFlags._fields == (
        "is_client",
        "is_trailer",
        "is_response_header",
        "is_push_promise",
    )
    assert REQUEST.is_client is False


# -- encoding ----------------------------------------------------------------------------


def test_utf8_encode_headers_keeps_tuple_class() -> None:
    encoded = utf8_encode_headers(
        [
            ("a", "é"),
            HeaderTuple("b", b"x"),
            NeverIndexedHeaderTuple(b"c", "y"),
            (bytearray(b"d"), memoryview(b"z")),
        ]
    )
    assert encoded == [(b"a", "é".encode()), (b"b", b"x"), (b"c", b"y"), (b"d", b"z")]
    assert type(encoded[0]) is tuple
    assert type(encoded[1]) is HeaderTuple
    assert type(encoded[2]) is NeverIndexedHeaderTuple
    assert all(type(item) is bytes for header in encoded for item in header)


@pytest.mark.parametrize("bad", [[("a", 1)], [(None, "b")], [("a",)], [("a", "b", "c")], [5]])
def test_utf8_encode_headers_rejects_malformed_fields(bad: list[Any]) -> None:
    with pytest.raises(ProtocolError):
        utf8_encode_headers(bad)


def test_to_bytes_rejects_unencodable_str() -> None:
    with pytest.raises(ProtocolError, match="UTF-8"):
        to_bytes("\ud800")


# -- outbound normalisation --------------------------------------------------------------


def test_normalize_outbound_lowercases_strips_and_keeps_class() -> None:
    result = normalize_outbound(
        [HeaderTuple(b"X-Foo", b"  bar \t"), (b" Accept ", b"*/*"), ("Mixed", " str ")]
    )
    assert result == [(b"x-foo", b"bar"), (b"accept", b"*/*"), ("mixed", "str")]
    assert type(result[0]) is HeaderTuple
    assert type(result[1]) is tuple


@pytest.mark.parametrize(
    "name", [b"connection", b"Proxy-Connection", b"keep-alive", b"transfer-encoding", b"upgrade"]
)
def test_rfc9113_8_2_2_normalize_outbound_drops_connection_headers(name: bytes) -> None:
    assert normalize_outbound([(name, b"x"), (b"a", b"b")]) == [(b"a", b"b")]


def test_normalize_outbound_protects_secrets() -> None:
    result = normalize_outbound(
        [
            (b"authorization", b"secret"),
            (b"Proxy-Authorization", b"secret"),
            (b"cookie", b"short=1"),
            (b"cookie", b"a-rather-long-cookie-value=1"),
            (b"x", b"y"),
        ]
    )
    assert [type(h) for h in result] == [
        NeverIndexedHeaderTuple,
        NeverIndexedHeaderTuple,
        NeverIndexedHeaderTuple,
        tuple,
        tuple,
    ]


def test_rfc9113_8_2_3_split_outbound_cookies() -> None:
    headers = [(b"cookie", b"a=1; bb=2;c=3"), ("cookie", "x=1; y=2")]
    assert normalize_outbound(headers) == headers
    split = normalize_outbound(headers, split_cookies=True)
    assert split == [
        (b"cookie", b"a=1"),
        (b"cookie", b"bb=2;c=3"),
        ("cookie", "x=1"),
        ("cookie", "y=2"),
    ]
    assert all(type(h) is NeverIndexedHeaderTuple for h in split)


def test_split_cookie_long_piece_keeps_class() -> None:
    long_piece = b"k" * 30
    split = normalize_outbound([HeaderTuple(b"cookie", long_piece + b"; a=1")], True)
    assert [type(h) for h in split] == [HeaderTuple, NeverIndexedHeaderTuple]


# -- inbound normalisation and decoding ---------------------------------------------------


def test_rfc9113_8_2_3_join_inbound_cookies() -> None:
    headers = [(b"cookie", b"a=1"), (b"x", b"y"), (b"cookie", b"b=2")]
    joined = join_inbound_cookies(headers)
    assert joined == [(b"x", b"y"), (b"cookie", b"a=1; b=2")]
    assert type(joined[-1]) is NeverIndexedHeaderTuple
    empty_crumbs = [(b"cookie", b""), (b"cookie", b"a=1"), (b"cookie", b"")]
    assert join_inbound_cookies(empty_crumbs) == [(b"cookie", b"a=1")]
    assert join_inbound_cookies([(b"cookie", b"")]) == [(b"cookie", b"")]
    # As in h2 4.4, only bytes names are matched (received blocks are bytes).
    text = [("cookie", "a"), ("cookie", "b")]
    assert join_inbound_cookies(text) is text


def test_join_inbound_cookies_without_cookie_returns_same_list() -> None:
    headers = [(b"x", b"y")]
    assert join_inbound_cookies(headers) is headers


def test_decode_headers_keeps_class() -> None:
    decoded = decode_headers(
        [NeverIndexedHeaderTuple(b"a", b"\xc3\xa9"), (b"b", b"c"), HeaderTuple(b"d", b"e")],
        "utf-8",
    )
    assert decoded == [("a", "é"), ("b", "c"), ("d", "e")]
    assert [type(h) for h in decoded] == [NeverIndexedHeaderTuple, tuple, HeaderTuple]


def test_decode_headers_undecodable_is_protocol_error() -> None:
    # Appendix B item 30: never leak UnicodeDecodeError.
    with pytest.raises(ProtocolError, match="cannot be decoded as utf-8"):
        decode_headers([(b"a", b"\xff")], "utf-8")


# -- validation: characters (RFC 9113 §8.2.1) ---------------------------------------------


@pytest.mark.parametrize("name", [b"X-Upper", b"conTent-type"])
def test_rfc9113_8_2_1_uppercase_names_rejected(name: bytes) -> None:
    with pytest.raises(ProtocolError, match="Received uppercase header name"):
        validate_header_block([*GET, (name, b"v")], REQUEST)
    # Appendix B item 31: outbound validation checks case too.
    with pytest.raises(ProtocolError, match="Sending uppercase header name"):
        validate_header_block([*GET, (name, b"v")], REQUEST, inbound=False)


@pytest.mark.parametrize(
    "name", [b"a b", b"a\x00", b"a\x7f", b"\xc3\xa9", b"x:y", b"a\t", b"::path", b"a:"]
)
def test_rfc9113_8_2_1_illegal_name_characters_rejected(name: bytes) -> None:
    rejects([*GET, (name, b"v")], match="invalid characters")


@pytest.mark.parametrize(
    "value", [b"a\rb", b"a\nb", b"a\x00b", b" lead", b"trail ", b"\tlead", b"trail\t"]
)
def test_rfc9113_8_2_1_illegal_values_rejected(value: bytes) -> None:
    rejects([*GET, (b"x-custom", value)], match="invalid value")


@pytest.mark.parametrize("value", [b"", b"a b", b"\x80\xff", b"a\tb", b"!"])
def test_rfc9113_8_2_1_legal_values_accepted(value: bytes) -> None:
    check([*GET, (b"x-custom", value)])


def test_empty_name_rejected_with_message() -> None:
    with pytest.raises(ProtocolError, match=r"^Received header name with zero length\.$"):
        validate_header_block([*GET, (b"", b"v")], REQUEST)
    # Appendix B item 30: outbound gives ProtocolError, not IndexError.
    with pytest.raises(ProtocolError, match="zero length"):
        validate_header_block([*GET, (b"", b"v")], REQUEST, inbound=False)


def test_unknown_but_well_formed_names_accepted() -> None:
    check([*GET, (b"x-my_header.1~!#$%&'*+^`|", b"v")])


# -- validation: connection-specific fields and TE (RFC 9113 §8.2.2) ----------------------


@pytest.mark.parametrize(
    "name", [b"connection", b"proxy-connection", b"keep-alive", b"transfer-encoding", b"upgrade"]
)
def test_rfc9113_8_2_2_connection_specific_fields_rejected(name: bytes) -> None:
    rejects([*GET, (name, b"x")], match="Connection-specific")


@pytest.mark.parametrize("value", [b"trailers", b"TRAILERS", b"Trailers"])
def test_rfc9113_8_2_2_te_trailers_accepted(value: bytes) -> None:
    check([*GET, (b"te", value)])


@pytest.mark.parametrize("value", [b"gzip", b"trailers, gzip", b""])
def test_rfc9113_8_2_2_te_other_values_rejected(value: bytes) -> None:
    rejects([*GET, (b"te", value)], match="TE")


# -- validation: pseudo-header fields (RFC 9113 §8.3) -------------------------------------


def test_rfc9113_8_3_valid_request_and_response() -> None:
    check(GET)
    check(OK_RESPONSE, RESPONSE)
    check([(b"grpc-status", b"0")], TRAILER)
    check([], TRAILER)


def test_rfc9113_8_3_unknown_pseudo_header_rejected() -> None:
    rejects([*GET, (b":foo", b"x")], match="Unknown pseudo-header")


def test_rfc9113_8_3_pseudo_after_regular_rejected() -> None:
    rejects([(b":method", b"GET"), (b"accept", b"*/*"), (b":path", b"/")], match="after regular")


def test_rfc9113_8_3_1_duplicate_pseudo_rejected() -> None:
    rejects([*GET, (b":path", b"/again")], match="Duplicate")


def test_rfc9113_8_1_pseudo_header_in_trailer_rejected() -> None:
    rejects([(b"x", b"y"), (b":status", b"200")], TRAILER, match="pseudo-header in trailer")


def test_rfc9113_8_3_2_response_requires_status() -> None:
    rejects([(b"content-type", b"x")], RESPONSE, match=":status")


def test_block_flagged_as_trailer_and_response_is_refused() -> None:
    both = HeaderValidationFlags(
        is_client=True, is_trailer=True, is_response_header=True, is_push_promise=False
    )
    rejects([(b"content-length", b"42")], both, match=":status")
    rejects([], both, match=":status")


@pytest.mark.parametrize("name", [b":method", b":scheme", b":authority", b":path", b":protocol"])
def test_rfc9113_8_3_2_response_request_pseudo_rejected(name: bytes) -> None:
    rejects([(b":status", b"200"), (name, b"x")], RESPONSE, match="request pseudo-header")


def test_rfc9113_8_3_1_request_requires_method() -> None:
    rejects(GET[1:], match=":method")


def test_rfc9113_8_3_1_request_status_rejected() -> None:
    rejects([*GET, (b":status", b"200")], match=":status")


@pytest.mark.parametrize("missing", [b":scheme", b":path"])
def test_rfc9113_8_3_1_request_requires_scheme_and_path(missing: bytes) -> None:
    rejects([h for h in GET if h[0] != missing], match="missing")
    rejects([h for h in GET if h[0] != missing], PUSH, match="missing")


def test_rfc9113_8_5_connect_request() -> None:
    connect = [(b":method", b"CONNECT"), (b":authority", b"example.com:443")]
    check(connect)
    rejects([*connect, (b":path", b"/")], match="CONNECT request must not contain")
    rejects([*connect, (b":scheme", b"https")], match="CONNECT request must not contain")


def test_rfc8441_4_extended_connect() -> None:
    extended = [
        (b":method", b"CONNECT"),
        (b":protocol", b"websocket"),
        (b":scheme", b"https"),
        (b":path", b"/chat"),
        (b":authority", b"example.com"),
    ]
    check(extended)
    rejects([h for h in extended if h[0] != b":path"], match="missing")


def test_rfc8441_4_protocol_only_with_connect() -> None:
    rejects([*GET, (b":protocol", b"websocket")], match=":protocol")


def test_rfc9113_8_3_1_authority_or_host_required() -> None:
    no_authority = GET[:3]
    rejects(no_authority, match="neither :authority nor host")
    check([*no_authority, (b"host", b"example.com")])


def test_rfc9113_8_3_1_authority_and_host_must_agree() -> None:
    check([*GET, (b"host", b"example.com")])
    rejects([*GET, (b"host", b"other.example")], match="conflicting")


def test_more_than_one_host_rejected() -> None:
    rejects([*GET[:3], (b"host", b"a"), (b"host", b"a")], match="more than one host")


def test_rfc9113_8_3_1_empty_path_rejected() -> None:
    rejects([(b":path", b"") if h[0] == b":path" else h for h in GET], match="empty :path")


# -- content-length (§6.15) ---------------------------------------------------------------


def test_content_length_parsing() -> None:
    assert content_length_from_headers(GET) is None
    assert content_length_from_headers([(b"content-length", b"12")]) == 12
    assert content_length_from_headers([("content-length", "0")]) == 0
    same = [(b"content-length", b"5"), (b"x", b"y"), (b"content-length", b"005")]
    assert content_length_from_headers(same) == 5


@pytest.mark.parametrize("value", [b"", b"+15", b" 15", b"1e2", b"twelve", b"-1", "²"])
def test_rfc9113_8_1_1_invalid_content_length(value: Any) -> None:
    with pytest.raises(ProtocolError, match="Invalid content-length header"):
        content_length_from_headers([(b"content-length", value)])


def test_rfc9110_8_6_enormous_content_length_is_invalid() -> None:
    # RFC 9110 §8.6: recipients must not fail on integer conversion.
    with pytest.raises(ProtocolError, match="Invalid content-length header"):
        content_length_from_headers([(b"content-length", b"1" * 5000)])
    assert content_length_from_headers([(b"content-length", b"9" * 30)]) == int("9" * 30)


def test_rfc9113_8_1_1_conflicting_content_length() -> None:
    with pytest.raises(ProtocolError) as info:
        content_length_from_headers([(b"content-length", b"10"), (b"content-length", b"12")])
    assert str(info.value) == "Conflicting content-length headers: 10 and 12"


# -- full pipelines -----------------------------------------------------------------------


def test_prepare_outbound_default_config() -> None:
    config = H2Configuration()
    headers = [
        (":method", "GET"),
        (":scheme", "https"),
        (":path", "/"),
        (":authority", "example.com"),
        ("User-Agent", " test "),
        ("Connection", "close"),
        NeverIndexedHeaderTuple("x-secret", "s"),
        HeaderTuple("x-plain", "p"),
        ("cookie", "a=1; b=2"),
    ]
    prepared = prepare_outbound_headers(headers, REQUEST, config)
    assert prepared == [
        *GET,
        (b"user-agent", b"test"),
        (b"x-secret", b"s"),
        (b"x-plain", b"p"),
        (b"cookie", b"a=1; b=2"),
    ]
    assert type(prepared[5]) is NeverIndexedHeaderTuple
    assert type(prepared[6]) is HeaderTuple
    assert type(prepared[7]) is NeverIndexedHeaderTuple


def test_prepare_outbound_split_cookies() -> None:
    config = H2Configuration(split_outbound_cookies=True)
    prepared = prepare_outbound_headers([*GET, (b"cookie", b"a=1; b=2")], REQUEST, config)
    assert prepared[-2:] == [(b"cookie", b"a=1"), (b"cookie", b"b=2")]


def test_prepare_outbound_split_cookies_needs_normalisation() -> None:
    config = H2Configuration(split_outbound_cookies=True, normalize_outbound_headers=False)
    prepared = prepare_outbound_headers([*GET, (b"cookie", b"a=1; b=2")], REQUEST, config)
    assert prepared[-1] == (b"cookie", b"a=1; b=2")


def test_prepare_outbound_without_normalisation_keeps_fields() -> None:
    config = H2Configuration(normalize_outbound_headers=False, validate_outbound_headers=False)
    headers = [HeaderTuple("X-A", " b "), ("Connection", "close")]
    prepared = prepare_outbound_headers(headers, REQUEST, config)
    assert prepared == [(b"X-A", b" b "), (b"Connection", b"close")]
    assert type(prepared[0]) is HeaderTuple
    assert type(prepared[1]) is tuple


def test_appendix_b_31_outbound_validation_checks_characters() -> None:
    config = H2Configuration(normalize_outbound_headers=False)
    with pytest.raises(ProtocolError, match="uppercase"):
        prepare_outbound_headers([*GET, (b"X-A", b"b")], REQUEST, config)
    with pytest.raises(ProtocolError, match="invalid value"):
        prepare_outbound_headers([*GET, (b"x-a", b"b\r\nevil: 1")], REQUEST, config)
    with pytest.raises(ProtocolError, match="invalid value"):
        prepare_outbound_headers([*GET, (b"x-a", b"a\x00b")], REQUEST, H2Configuration())
    config_default = H2Configuration()
    with pytest.raises(ProtocolError, match="zero length"):
        prepare_outbound_headers([*GET, (b"  ", b"x")], REQUEST, config_default)


def test_prepare_outbound_validation_rules_apply() -> None:
    with pytest.raises(ProtocolError, match="TE"):
        prepare_outbound_headers([*GET, (b"te", b"gzip")], REQUEST, H2Configuration())
    config = H2Configuration(normalize_outbound_headers=False)
    with pytest.raises(ProtocolError, match="Connection-specific"):
        prepare_outbound_headers([*GET, (b"connection", b"x")], REQUEST, config)
    with pytest.raises(ProtocolError, match=":status"):
        prepare_outbound_headers([(b"x", b"y")], RESPONSE, H2Configuration())


@pytest.mark.parametrize("bad", [[("a", 1)], [("a",)], [None]])
def test_prepare_outbound_malformed_fields(bad: list[Any]) -> None:
    with pytest.raises(ProtocolError):
        prepare_outbound_headers(bad, REQUEST, H2Configuration(validate_outbound_headers=False))


def test_process_inbound_default_config() -> None:
    config = H2Configuration()
    headers = [*GET, (b"cookie", b"a=1"), (b"accept", b"*/*"), (b"cookie", b"b=2")]
    processed = process_inbound_headers(headers, REQUEST, config)
    assert processed == [*GET, (b"accept", b"*/*"), (b"cookie", b"a=1; b=2")]


def test_process_inbound_validation_and_normalisation_off() -> None:
    config = H2Configuration(validate_inbound_headers=False, normalize_inbound_headers=False)
    headers = [(b"X-Upper", b" v "), (b"cookie", b"a"), (b"cookie", b"b")]
    assert process_inbound_headers(headers, REQUEST, config) is headers


def test_process_inbound_decodes_with_header_encoding() -> None:
    config = H2Configuration(header_encoding="utf-8")
    processed = process_inbound_headers([*GET, (b"x", b"\xc3\xa9")], REQUEST, config)
    assert processed[-1] == ("x", "é")
    with pytest.raises(ProtocolError):
        process_inbound_headers([*GET, (b"x", b"\xff")], REQUEST, config)


def test_process_inbound_empty_header_encoding_keeps_bytes() -> None:
    processed = process_inbound_headers(GET, REQUEST, H2Configuration(header_encoding=""))
    assert processed == GET


def test_process_inbound_rejects_invalid() -> None:
    with pytest.raises(ProtocolError, match="uppercase"):
        process_inbound_headers([*GET, (b"X", b"y")], REQUEST, H2Configuration())


# -- compatibility wrappers (lazy) ---------------------------------------------------------


def test_validate_headers_is_lazy() -> None:
    bad = [*GET, (b"X-Upper", b"v")]
    result = validate_headers(bad, REQUEST)
    assert isinstance(result, types.GeneratorType)
    with pytest.raises(ProtocolError):
        list(result)
    good = [(":status", "200"), ("x", "y")]
    assert list(validate_headers(iter(good), RESPONSE)) == good


def test_validate_outbound_headers_is_lazy() -> None:
    result = validate_outbound_headers([(b"x", b"y")], RESPONSE)
    with pytest.raises(ProtocolError):
        next(result)
    good = [HeaderTuple(b":status", b"204")]
    out = list(validate_outbound_headers(good, RESPONSE))
    assert out == good and type(out[0]) is HeaderTuple


def test_normalize_compat_wrappers_are_lazy() -> None:
    outbound = normalize_outbound_headers([(b"Connection", b"x"), (b"A", b"b")], REQUEST)
    assert isinstance(outbound, types.GeneratorType)
    assert list(outbound) == [(b"a", b"b")]
    split = normalize_outbound_headers([(b"cookie", b"a=1; b=2")], None, True)
    assert list(split) == [(b"cookie", b"a=1"), (b"cookie", b"b=2")]
    inbound = normalize_inbound_headers(iter([(b"cookie", b"a"), (b"cookie", b"b")]), REQUEST)
    assert isinstance(inbound, types.GeneratorType)
    assert list(inbound) == [(b"cookie", b"a; b")]


# -- inspection helpers --------------------------------------------------------------------


def test_extract_method_header() -> None:
    assert extract_method_header(GET) == b"GET"
    assert extract_method_header([(":method", "HEAD")]) == b"HEAD"
    assert extract_method_header([(b":method", "POST")]) == b"POST"
    assert extract_method_header([(b":path", b"/")]) is None


def test_is_informational_response() -> None:
    assert is_informational_response([(b":status", b"100")]) is True
    assert is_informational_response([(":status", "103"), ("link", "x")]) is True
    assert is_informational_response([(b":status", b"200")]) is False
    assert is_informational_response([(b":other", b"x"), (b":status", b"101")]) is True
    assert is_informational_response([(b"x", b"y"), (b":status", b"100")]) is False
    assert is_informational_response([]) is False


def test_authority_from_headers() -> None:
    assert authority_from_headers(GET) == b"example.com"
    assert authority_from_headers([(":authority", "a.example")]) == b"a.example"
    assert authority_from_headers([(b":path", b"/")]) is None


# -- properties ---------------------------------------------------------------------------

_name = st.binary(min_size=0, max_size=8)
_value = st.binary(max_size=8)


@settings(deadline=None)
@given(
    st.lists(st.tuples(_name, _value), max_size=8),
    st.sampled_from([REQUEST, RESPONSE, TRAILER]),
)
def test_validation_only_raises_protocol_error(
    extra: list[tuple[bytes, bytes]], flags: HeaderValidationFlags
) -> None:
    base = GET if flags is REQUEST else OK_RESPONSE if flags is RESPONSE else []
    for inbound in (True, False):
        with contextlib.suppress(ProtocolError):
            validate_header_block([*base, *extra], flags, inbound=inbound)


_token = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=12)
_field_value = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789 =;/", max_size=20)


@settings(deadline=None)
@given(st.lists(st.tuples(_token, _field_value), max_size=10))
def test_prepared_requests_always_validate_inbound(extra: list[tuple[str, str]]) -> None:
    # Whatever normalisation lets through, a peer running our inbound checks accepts.
    extra = [(n, v) for n, v in extra if n not in {"te", "host"}]
    try:
        prepared = prepare_outbound_headers([*GET, *extra], REQUEST, H2Configuration())
    except ProtocolError:
        return
    processed = process_inbound_headers(prepared, REQUEST, H2Configuration())
    assert len(processed) <= len(prepared)


# -- the known-good-field cache -----------------------------------------------------------


def test_cached_fields_still_obey_block_rules() -> None:
    check(GET)  # every field of GET is now cached
    with pytest.raises(ProtocolError, match="pseudo-header in trailer"):
        validate_header_block([GET[0]], TRAILER)
    with pytest.raises(ProtocolError, match="Duplicate"):
        validate_header_block([*GET, GET[0]], REQUEST)
    accept = (b"accept", b"*/*")
    check([*GET, accept])
    with pytest.raises(ProtocolError, match="after regular"):
        validate_header_block([accept, *GET], REQUEST)


def test_cache_is_bounded() -> None:
    from h2 import _header_validation as module

    for index in range(module._CACHE_ENTRIES + 10):
        check([*GET, (b"x-id", str(index).encode())])
    assert len(module._KNOWN_GOOD_REGULAR) <= module._CACHE_ENTRIES
    long_value = (b"x-long", b"v" * (module._CACHE_VALUE_SIZE + 1))
    check([*GET, long_value])
    assert long_value not in module._KNOWN_GOOD_REGULAR
    short_value = (b"x-short", b"v")
    check([*GET, short_value])
    assert short_value in module._KNOWN_GOOD_REGULAR


@settings(deadline=None)
@given(st.lists(st.tuples(_token, _field_value), max_size=6), st.booleans())
def test_cache_never_changes_the_verdict(extra: list[tuple[str, str]], warm: bool) -> None:
    from h2 import _header_validation as module

    block = [*GET, *[(n.encode(), v.encode()) for n, v in extra]]
    if not warm:
        module._KNOWN_GOOD_REGULAR.clear()
        module._KNOWN_GOOD_PSEUDO.clear()
    outcomes = []
    for _ in range(2):
        try:
            validate_header_block(block, REQUEST)
            outcomes.append("ok")
        except ProtocolError as error:
            outcomes.append(str(error))
    assert outcomes[0] == outcomes[1]


# -- the outbound normalisation memo ------------------------------------------------------


def test_outbound_memo_gives_identical_results() -> None:
    config = H2Configuration()
    headers = [
        *[(n.decode(), v.decode()) for n, v in GET],
        ("Connection", "close"),
        ("authorization", "secret"),
        ("x-a", " b "),
    ]
    first = prepare_outbound_headers(headers, REQUEST, config)
    second = prepare_outbound_headers(headers, REQUEST, config)
    assert first == second == [*GET, (b"authorization", b"secret"), (b"x-a", b"b")]
    assert [type(h) for h in first] == [type(h) for h in second]
    assert type(second[4]) is NeverIndexedHeaderTuple


def test_outbound_memo_is_bounded() -> None:
    from h2 import _header_pipeline as module

    config = H2Configuration()
    for index in range(module._MEMO_ENTRIES + 5):
        prepare_outbound_headers([*GET, ("x-id", str(index))], REQUEST, config)
    assert len(module._NORMALIZED) <= module._MEMO_ENTRIES
    long_field = ("x-long", "v" * (module._MEMO_VALUE_SIZE + 1))
    prepare_outbound_headers([*GET, long_field], REQUEST, config)
    assert long_field not in module._NORMALIZED


def test_outbound_unhashable_and_list_fields() -> None:
    config = H2Configuration()
    prepared = prepare_outbound_headers(
        [*GET, ("x-a", bytearray(b"b")), ["x-c", "d"]], REQUEST, config
    )
    assert prepared[-2:] == [(b"x-a", b"b"), (b"x-c", b"d")]
    assert type(prepared[-1]) is tuple


def test_outbound_unencodable_text_is_protocol_error() -> None:
    with pytest.raises(ProtocolError, match="UTF-8"):
        prepare_outbound_headers([*GET, ("x-a", "\ud800")], REQUEST, H2Configuration())


def test_outbound_long_cookies_keep_their_class() -> None:
    long_value = "k=" + "v" * 30
    prepared = prepare_outbound_headers(
        [*GET, ("cookie", long_value), HeaderTuple("cookie", long_value)],
        REQUEST,
        H2Configuration(),
    )
    assert [type(h) for h in prepared[-2:]] == [tuple, HeaderTuple]


_lower_token = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_.", min_size=1, max_size=15)
_visible_value = st.text(
    alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=0, max_size=30
)


@settings(deadline=None)
@given(
    st.lists(
        st.tuples(_lower_token, _visible_value).filter(
            lambda field: field[0] not in {"te", "host", "cookie"}
        ),
        max_size=12,
    )
)
def test_round_trip_through_hpack(extra: list[tuple[str, str]]) -> None:
    # What we prepare and encode, a peer running our inbound pipeline gets back.
    from hpack import Decoder, Encoder

    config = H2Configuration()
    headers = [(n.decode(), v.decode()) for n, v in GET] + extra
    try:
        prepared = prepare_outbound_headers(headers, REQUEST, config)
    except ProtocolError:
        return
    block = Encoder().encode(prepared)
    decoded = Decoder().decode(block, raw=True)
    received = process_inbound_headers(decoded, REQUEST, config)
    assert received == prepared
    text = process_inbound_headers(decoded, REQUEST, H2Configuration(header_encoding="utf-8"))
    assert text == [(n.decode(), v.decode()) for n, v in prepared]
