"""RFC 9113 §8: HTTP semantics (message framing, fields, pseudo-headers, push, CONNECT).

One test per endpoint MUST / MUST NOT, named after its section.  Malformed
messages (§8.1.1) are stream errors of type PROTOCOL_ERROR: the connection
survives, the stream is reset, the message is not delivered.  Not applicable
to a protocol library (they need HTTP-application knowledge it does not have):

* §8.1.1 / §8.2.1 / §8.2.2 "Intermediaries ... MUST NOT forward", "An
  intermediary transforming an HTTP/1.x message ... MUST remove
  connection-specific header fields": we are an endpoint library; the caller
  forwards (outbound normalisation does drop those fields, tested below).
* §8.3.1 "The recipient ... MUST NOT use the Host header field to determine
  the target URI if ':authority' is present", "Clients that generate HTTP/2
  requests directly MUST use ':authority' ... unless there is no authority
  information": what the target URI is, and whether one has an authority, is
  the application's knowledge; the library delivers both fields unchanged
  (and refuses a Host that differs from :authority).
* §8.3.1 "An intermediary that forwards a request ... MUST construct
  ':authority'", "MUST perform scheme-based normalization": intermediary
  and URI-normalisation duties of the caller.  Host/:authority equality is
  checked byte for byte.
* §8.3.1 ":authority MUST NOT include userinfo", OPTIONS "MUST include '*'":
  the library has no URI parser; the caller builds the request target.
* §8.4 "server MUST include an :authority for which it is authoritative",
  "client MUST treat a PUSH_PROMISE for which the server is not
  authoritative as a stream error", §8.4.2 "MUST validate that the server is
  authoritative", "Pushed responses that are not cacheable MUST NOT be
  stored": authority and caching need TLS certificates and an HTTP cache
  that live outside the library.
* §8.5 "a proxy MUST send a TCP segment with the RST bit set": TCP.
* §8.7 "A server MUST NOT indicate that a stream has not been processed
  unless it can guarantee that fact": an application promise; the part the
  library controls (automatic REFUSED_STREAM only for undelivered streams,
  GOAWAY last-stream-id covering delivered streams) is tested below.
"""

from __future__ import annotations

from typing import Any

import pytest

from h2.config import H2Configuration
from h2.connection import H2Connection
from h2.errors import ErrorCodes
from h2.events import (
    DataReceived,
    InformationalResponseReceived,
    PushedStreamReceived,
    RequestReceived,
    ResponseReceived,
    StreamEnded,
    StreamReset,
    TrailersReceived,
)
from h2.exceptions import H2Error, ProtocolError
from tests.h2.helpers import (
    REQUEST,
    RESPONSE,
    Headers,
    Peer,
    client,
    client_with_request,
    events_of,
    expect_connection_error,
    expect_stream_error,
    parse_frames,
    recv,
    request,
    rst,
    sent_frames,
    server,
    server_with_request,
    summary,
)


def _refused_send(conn: H2Connection, peer: Peer, action: Any) -> None:
    """The call raises, queues nothing, and leaves HPACK in step with the peer."""
    with pytest.raises(H2Error):
        action()
    assert conn.data_to_send() == b""
    # A valid block sent next must still decode on the peer's decoder.
    sid = conn.get_next_available_stream_id()
    if conn.config.client_side:
        conn.send_headers(sid, request([(b"x-after", b"ok")]), end_stream=True)
        assert peer.decode(sent_frames(conn)) == [request([(b"x-after", b"ok")])]


def _malformed_request(headers: list[tuple[bytes, bytes]], **config: Any) -> list[Any]:
    """Send ``headers`` as a request to a server; expect a stream error and no request."""
    conn, peer = server(**config)
    events = expect_stream_error(conn, peer.headers_frame(1, headers, end_stream=True), 1,
                                 ErrorCodes.PROTOCOL_ERROR)
    assert not events_of(events, RequestReceived)
    # The connection and its compression context are intact.
    good = request([(b"x-next", b"1")])
    events = recv(conn, peer.headers_frame(3, good, end_stream=True))
    assert [type(e) for e in events] == [RequestReceived, StreamEnded]
    assert events[0].headers == good
    return events


def _malformed_response(headers: list[tuple[bytes, bytes]], *, end_stream: bool = True) -> None:
    """Send ``headers`` as a response to a client; expect a stream error and no response."""
    conn, peer = client_with_request(1)
    events = expect_stream_error(conn, peer.headers_frame(1, headers, end_stream=end_stream), 1,
                                 ErrorCodes.PROTOCOL_ERROR)
    assert not events_of(events, ResponseReceived)
    assert not events_of(events, InformationalResponseReceived)


# --------------------------------------------------------------------------
# §8.1 message framing
# --------------------------------------------------------------------------


def test_8_1_received_trailers_with_pseudo_header_are_malformed() -> None:
    # RFC 9113 §8.1: trailers MUST NOT include pseudo-header fields; receiving
    # them makes the message malformed.
    conn, peer = server_with_request(1, end_stream=False)
    events = expect_stream_error(
        conn, peer.headers_frame(1, [(b":path", b"/"), (b"x-t", b"1")], end_stream=True), 1,
        ErrorCodes.PROTOCOL_ERROR,
    )
    assert not events_of(events, TrailersReceived)


def test_8_1_sent_trailers_with_pseudo_header_are_refused() -> None:
    # RFC 9113 §8.1: trailers MUST NOT include pseudo-header fields.
    conn, peer = client_with_request(1, end_stream=False)
    _refused_send(conn, peer, lambda: conn.send_headers(1, [(b":path", b"/")], end_stream=True))


def test_8_1_second_header_block_without_end_stream_is_malformed() -> None:
    # RFC 9113 §8.1: HEADERS without END_STREAM after the request headers
    # MUST make the request malformed.
    conn, peer = server_with_request(1, end_stream=False)
    events = expect_stream_error(conn, peer.headers_frame(1, [(b"x-t", b"1")]), 1,
                                 ErrorCodes.PROTOCOL_ERROR)
    assert not events_of(events, TrailersReceived)


def test_8_1_header_block_after_final_response_without_end_stream_is_malformed() -> None:
    # RFC 9113 §8.1: ... or after a final (non-informational) status code.
    conn, peer = client_with_request(1)
    recv(conn, peer.headers_frame(1, RESPONSE))
    events = expect_stream_error(conn, peer.headers_frame(1, [(b":status", b"103")]), 1,
                                 ErrorCodes.PROTOCOL_ERROR)
    assert not events_of(events, InformationalResponseReceived)


def test_8_1_sent_trailers_need_end_stream() -> None:
    # RFC 9113 §8.1: a trailer section is carried by a block that ends the stream.
    conn, peer = client_with_request(1, end_stream=False)
    _refused_send(conn, peer, lambda: conn.send_headers(1, [(b"x-t", b"1")], end_stream=False))


def test_8_1_informational_response_with_end_stream_is_malformed() -> None:
    # RFC 9113 §8.1: a HEADERS frame with END_STREAM carrying a 1xx status is malformed.
    _malformed_response([(b":status", b"103"), (b"link", b"</a>")], end_stream=True)


def test_8_1_informational_response_is_not_sent_with_end_stream() -> None:
    # RFC 9113 §8.1: ... so it is never generated either.
    conn, _ = server_with_request(1, end_stream=True)
    with pytest.raises(ProtocolError):
        conn.send_headers(1, [(b":status", b"100")], end_stream=True)
    assert conn.data_to_send() == b""


def test_8_1_interim_responses_precede_the_final_one() -> None:
    # RFC 9113 §8.1: any number of interim responses before the final response.
    conn, peer = client_with_request(1)
    wire = (peer.headers_frame(1, [(b":status", b"100")])
            + peer.headers_frame(1, [(b":status", b"103"), (b"link", b"</s.css>")])
            + peer.headers_frame(1, RESPONSE, end_stream=True))
    kinds = [type(e) for e in recv(conn, wire)]
    assert kinds == [InformationalResponseReceived, InformationalResponseReceived,
                     ResponseReceived, StreamEnded]


def test_8_1_response_before_rst_no_error_is_not_discarded() -> None:
    # RFC 9113 §8.1: clients MUST NOT discard a complete response because a
    # RST_STREAM(NO_ERROR) follows it.
    conn, peer = client_with_request(1, end_stream=False)
    wire = (peer.headers_frame(1, RESPONSE) + peer.data_frame(1, b"whole body", end_stream=True)
            + peer.rst_frame(1, ErrorCodes.NO_ERROR))
    events = recv(conn, wire)
    assert [type(e) for e in events] == [ResponseReceived, DataReceived, StreamEnded, StreamReset]
    assert events[1].data == b"whole body"
    assert events[3].error_code == ErrorCodes.NO_ERROR
    assert conn.data_to_send() == b""


def test_8_1_server_may_stop_an_upload_with_rst_no_error_after_responding() -> None:
    # RFC 9113 §8.1: after a complete response a server MAY send RST_STREAM(NO_ERROR).
    conn, _ = server_with_request(1, end_stream=False)
    conn.send_headers(1, RESPONSE, end_stream=True)
    conn.reset_stream(1, ErrorCodes.NO_ERROR)
    assert [f[0] for f in summary(conn)][-1] == "RstStreamFrame"


# --------------------------------------------------------------------------
# §8.1.1 malformed messages
# --------------------------------------------------------------------------


def test_8_1_1_more_data_than_content_length_is_malformed() -> None:
    # RFC 9113 §8.1.1: content-length not equal to the DATA payload total is
    # malformed, a stream error of type PROTOCOL_ERROR.
    conn, peer = server_with_request(1, headers=[*REQUEST, (b"content-length", b"5")])
    events = expect_stream_error(conn, peer.data_frame(1, b"too long"), 1,
                                 ErrorCodes.PROTOCOL_ERROR)
    assert not events_of(events, DataReceived)


def test_8_1_1_less_data_than_content_length_is_malformed() -> None:
    # RFC 9113 §8.1.1: the same when the stream ends short.
    conn, peer = server_with_request(1, headers=[*REQUEST, (b"content-length", b"50")])
    recv(conn, peer.data_frame(1, b"short"))
    events = expect_stream_error(conn, peer.data_frame(1, b"", end_stream=True), 1,
                                 ErrorCodes.PROTOCOL_ERROR)
    assert not events_of(events, StreamEnded)


def test_8_1_1_matching_content_length_is_fine() -> None:
    # RFC 9113 §8.1.1: the well-formed counterpart, padding excluded from the count.
    conn, peer = server_with_request(1, headers=[*REQUEST, (b"content-length", b"10")])
    events = recv(conn, peer.data_frame(1, b"12345", pad_length=4)
                               + peer.data_frame(1, b"67890", end_stream=True))
    assert [type(e) for e in events] == [DataReceived, DataReceived, StreamEnded]
    assert conn.data_to_send() == b""


@pytest.mark.parametrize(
    ("method", "status"),
    [(b"HEAD", b"200"), (b"GET", b"304"), (b"GET", b"204")],
)
def test_8_1_1_responses_without_content_may_carry_content_length(
    method: bytes, status: bytes
) -> None:
    # RFC 9113 §8.1.1: HEAD responses and 204/304 contain no content and MAY
    # carry a non-zero content-length.
    headers = [(n, method if n == b":method" else v) for n, v in REQUEST]
    conn, peer = client_with_request(1, headers=headers)
    response = [(b":status", status), (b"content-length", b"1234")]
    events = recv(conn, peer.headers_frame(1, response, end_stream=True))
    assert [type(e) for e in events] == [ResponseReceived, StreamEnded]
    assert conn.data_to_send() == b""


def test_8_1_1_malformed_response_is_not_accepted() -> None:
    # RFC 9113 §8.1.1 / §8.3.2: clients MUST NOT accept a malformed response
    # (here: no :status).
    _malformed_response([(b"content-type", b"text/plain")])


def test_8_1_1_malformed_request_resets_only_its_stream() -> None:
    # RFC 9113 §8.1.1: malformed requests are stream errors of type PROTOCOL_ERROR.
    _malformed_request([(b":method", b"GET"), (b":path", b"/")])


# --------------------------------------------------------------------------
# §8.2 fields
# --------------------------------------------------------------------------


def test_8_2_field_names_are_sent_in_lower_case() -> None:
    # RFC 9113 §8.2: field names MUST be converted to lowercase.
    conn, peer = client()
    conn.send_headers(1, request([(b"X-Custom-Header", b"Value")]), end_stream=True)
    (block,) = peer.decode(sent_frames(conn))
    assert (b"x-custom-header", b"Value") in block


def test_8_2_upper_case_names_are_refused_when_not_normalising() -> None:
    # RFC 9113 §8.2 / §8.2.1: without normalisation an upper-case name cannot
    # be sent (the message would be malformed).
    conn, peer = client(normalize_outbound_headers=False)
    _refused_send(conn, peer, lambda: conn.send_headers(1, request([(b"X-Up", b"1")])))


BAD_FIELDS = [
    (b"X-Upper", b"1"),
    (b"x bad", b"1"),
    (b"x\x01ctl", b"1"),
    (b"x\x7f", b"1"),
    (b"x\xffhigh", b"1"),
    (b"x:colon", b"1"),
    (b"x-nul", b"a\x00b"),
    (b"x-lf", b"a\nb"),
    (b"x-cr", b"a\rb"),
    (b"x-lead", b" a"),
    (b"x-trail", b"a\t"),
    (b"", b"empty-name"),
]
BAD_IDS = ["upper", "space", "ctl", "del", "high", "colon", "nul", "lf", "cr", "lead-sp",
           "trail-tab", "empty-name"]


@pytest.mark.parametrize("field", BAD_FIELDS, ids=BAD_IDS)
def test_8_2_1_received_invalid_field_is_malformed(field: tuple[bytes, bytes]) -> None:
    # RFC 9113 §8.2.1: a request with a field violating the minimal validation
    # rules MUST be treated as malformed.
    _malformed_request(request([field]))


@pytest.mark.parametrize("field", BAD_FIELDS[6:11], ids=BAD_IDS[6:11])
def test_8_2_1_received_invalid_field_value_in_response_is_malformed(
    field: tuple[bytes, bytes],
) -> None:
    # RFC 9113 §8.2.1: the same rules apply to responses.
    _malformed_response([*RESPONSE, field])


@pytest.mark.parametrize("field", BAD_FIELDS[:11], ids=BAD_IDS[:11])
def test_8_2_1_invalid_field_is_not_sent(field: tuple[bytes, bytes]) -> None:
    # RFC 9113 §8.2.1: we never generate a message that the peer must treat as
    # malformed (validation on, normalisation off so nothing is repaired).
    conn, peer = client(normalize_outbound_headers=False)
    _refused_send(conn, peer, lambda: conn.send_headers(1, request([field]), end_stream=True))


@pytest.mark.parametrize("field", BAD_FIELDS[6:9], ids=BAD_IDS[6:9])
def test_8_2_1_control_characters_in_values_are_not_sent_by_default(
    field: tuple[bytes, bytes],
) -> None:
    # RFC 9113 §8.2.1: NUL, CR and LF in values survive normalisation and are refused.
    conn, peer = client()
    _refused_send(conn, peer, lambda: conn.send_headers(1, request([field]), end_stream=True))


CONNECTION_FIELDS = [
    (b"connection", b"keep-alive"),
    (b"proxy-connection", b"keep-alive"),
    (b"keep-alive", b"timeout=5"),
    (b"transfer-encoding", b"chunked"),
    (b"upgrade", b"h2c"),
    (b"te", b"gzip"),
]
CONNECTION_IDS = ["connection", "proxy-connection", "keep-alive", "transfer-encoding",
                  "upgrade", "te-gzip"]


@pytest.mark.parametrize("field", CONNECTION_FIELDS, ids=CONNECTION_IDS)
def test_8_2_2_received_connection_specific_field_is_malformed(field: tuple[bytes, bytes]) -> None:
    # RFC 9113 §8.2.2: a message with connection-specific fields (or TE other
    # than "trailers") MUST be treated as malformed.
    _malformed_request(request([field]))


def test_8_2_2_te_trailers_is_allowed() -> None:
    # RFC 9113 §8.2.2: TE MAY be present in a request with the value "trailers".
    conn, peer = server()
    events = recv(conn, peer.headers_frame(1, request([(b"te", b"trailers")]),
                                                  end_stream=True))
    assert [type(e) for e in events] == [RequestReceived, StreamEnded]


@pytest.mark.parametrize("field", CONNECTION_FIELDS, ids=CONNECTION_IDS)
def test_8_2_2_connection_specific_field_is_never_generated(field: tuple[bytes, bytes]) -> None:
    # RFC 9113 §8.2.2: an endpoint MUST NOT generate connection-specific
    # fields: normalisation drops them (TE: gzip is refused), and without
    # normalisation validation refuses them.
    conn, peer = client()
    headers = request([field, (b"x-kept", b"1")])
    if field[0] == b"te":
        _refused_send(conn, peer, lambda: conn.send_headers(1, headers, end_stream=True))
    else:
        conn.send_headers(1, headers, end_stream=True)
        (block,) = peer.decode(sent_frames(conn))
        assert block == request([(b"x-kept", b"1")])
    conn, peer = client(normalize_outbound_headers=False)
    _refused_send(conn, peer, lambda: conn.send_headers(1, headers, end_stream=True))


def test_8_2_3_cookie_fields_are_joined_for_the_application() -> None:
    # RFC 9113 §8.2.3: multiple cookie fields MUST be concatenated with "; "
    # before being passed to a generic application.
    conn, peer = server()
    headers = request([(b"cookie", b"a=b"), (b"x-other", b"1"), (b"cookie", b"c=d")])
    events = recv(conn, peer.headers_frame(1, headers, end_stream=True))
    cookies = [v for n, v in events[0].headers if n == b"cookie"]
    assert cookies == [b"a=b; c=d"]


# --------------------------------------------------------------------------
# §8.3 control data (pseudo-header fields)
# --------------------------------------------------------------------------


BAD_REQUESTS: list[Headers] = [
    [*REQUEST, (b":foo", b"bar")],  # undefined pseudo-header
    [*REQUEST, (b":status", b"200")],  # response pseudo-header in a request
    [(b":method", b"GET"), (b":scheme", b"https"), (b"x-a", b"1"), (b":path", b"/"),
     (b":authority", b"example.com")],  # pseudo after regular
    [*REQUEST[:2], (b":path", b"/"), (b":path", b"/again"), REQUEST[3]],  # repeated
    [*REQUEST[:2], (b":method", b"POST"), *REQUEST[2:]],  # repeated :method
]
BAD_REQUEST_IDS = ["undefined", "status-in-request", "pseudo-after-regular", "repeated-path",
                   "repeated-method"]


@pytest.mark.parametrize("headers", BAD_REQUESTS, ids=BAD_REQUEST_IDS)
def test_8_3_received_invalid_pseudo_headers_are_malformed(headers: Headers) -> None:
    # RFC 9113 §8.3: undefined, misplaced, out-of-context or repeated
    # pseudo-header fields MUST make the message malformed.
    _malformed_request(headers)


@pytest.mark.parametrize("headers", BAD_REQUESTS, ids=BAD_REQUEST_IDS)
def test_8_3_invalid_pseudo_headers_are_never_generated(headers: Headers) -> None:
    # RFC 9113 §8.3: endpoints MUST NOT generate undefined pseudo-headers, nor
    # misplace or repeat them.
    conn, peer = client()
    _refused_send(conn, peer, lambda: conn.send_headers(1, headers, end_stream=True))


def test_8_3_request_pseudo_header_in_response_is_malformed() -> None:
    # RFC 9113 §8.3: request pseudo-headers MUST NOT appear in responses.
    _malformed_response([*RESPONSE, (b":path", b"/")])


def test_8_3_request_pseudo_header_in_response_is_not_sent() -> None:
    # RFC 9113 §8.3: ... and are not generated there.
    conn, _ = server_with_request(1, end_stream=True)
    with pytest.raises(ProtocolError):
        conn.send_headers(1, [*RESPONSE, (b":method", b"GET")], end_stream=True)
    assert conn.data_to_send() == b""


@pytest.mark.parametrize("missing", [b":method", b":scheme", b":path"])
def test_8_3_1_request_without_mandatory_pseudo_header_is_malformed(missing: bytes) -> None:
    # RFC 9113 §8.3.1: every non-CONNECT request MUST include :method,
    # :scheme and :path; omitting one makes it malformed.
    _malformed_request([(n, v) for n, v in REQUEST if n != missing])


@pytest.mark.parametrize("missing", [b":method", b":scheme", b":path"])
def test_8_3_1_request_without_mandatory_pseudo_header_is_not_sent(missing: bytes) -> None:
    # RFC 9113 §8.3.1: ... and such a request is never generated.
    conn, peer = client()
    headers = [(n, v) for n, v in REQUEST if n != missing]
    _refused_send(conn, peer, lambda: conn.send_headers(1, headers, end_stream=True))


def test_8_3_1_host_differing_from_authority_is_refused() -> None:
    # RFC 9113 §8.3.1: clients MUST NOT generate a Host field that differs
    # from :authority; the server treats it as malformed.
    headers = request([(b"host", b"other.example")])
    conn, peer = client()
    _refused_send(conn, peer, lambda: conn.send_headers(1, headers, end_stream=True))
    _malformed_request(headers)


def test_8_3_1_matching_host_and_authority_are_fine() -> None:
    # RFC 9113 §8.3.1: the same value in both is a valid request.
    conn, peer = server()
    events = recv(conn, peer.headers_frame(
        1, request([(b"host", b"example.com")]), end_stream=True))
    assert [type(e) for e in events] == [RequestReceived, StreamEnded]


def test_8_3_1_empty_path_is_refused_and_malformed() -> None:
    # RFC 9113 §8.3.1: :path MUST NOT be empty for "http"/"https" URIs.
    headers = request(path=b"")
    conn, peer = client()
    _refused_send(conn, peer, lambda: conn.send_headers(1, headers, end_stream=True))
    _malformed_request(headers)


def test_8_3_1_asterisk_path_for_options_is_accepted() -> None:
    # RFC 9113 §8.3.1: OPTIONS for the server as a whole uses :path "*".
    headers = [(n, b"OPTIONS" if n == b":method" else v) for n, v in request(path=b"*")]
    conn, peer = server()
    events = recv(conn, peer.headers_frame(1, headers, end_stream=True))
    assert [type(e) for e in events] == [RequestReceived, StreamEnded]


def test_8_3_2_response_without_status_is_not_sent() -> None:
    # RFC 9113 §8.3.2: :status MUST be included in all responses.
    conn, _ = server_with_request(1, end_stream=True)
    with pytest.raises(ProtocolError):
        conn.send_headers(1, [(b"content-type", b"text/plain")], end_stream=True)
    assert conn.data_to_send() == b""


# --------------------------------------------------------------------------
# §8.4 server push
# --------------------------------------------------------------------------


def test_8_4_server_receiving_push_promise_is_connection_error() -> None:
    # RFC 9113 §8.4: servers MUST treat PUSH_PROMISE as a connection error of
    # type PROTOCOL_ERROR.
    conn, peer = server_with_request(1)
    expect_connection_error(conn, peer.push_promise_frame(1, 2, REQUEST), ErrorCodes.PROTOCOL_ERROR)


def test_8_4_promised_request_with_unsafe_method_is_reset() -> None:
    # RFC 9113 §8.4 / §8.4.1: a promised request that is not known to be safe
    # MUST be reset with a stream error of type PROTOCOL_ERROR on the promised stream.
    conn, peer = client_with_request(1)
    post = [(n, b"POST" if n == b":method" else v) for n, v in REQUEST]
    events = recv(conn, peer.push_promise_frame(1, 2, post))
    assert not events_of(events, PushedStreamReceived)
    assert summary(conn) == [rst(2, ErrorCodes.PROTOCOL_ERROR)]


def test_8_4_promised_request_with_content_is_reset() -> None:
    # RFC 9113 §8.4: a promised request that indicates the presence of request
    # content MUST be reset with a stream error of type PROTOCOL_ERROR.
    conn, peer = client_with_request(1)
    events = recv(conn, peer.push_promise_frame(1, 2, request([(b"content-length", b"10")])))
    assert not events_of(events, PushedStreamReceived)
    assert summary(conn) == [rst(2, ErrorCodes.PROTOCOL_ERROR)]


def test_8_4_1_unsafe_method_is_never_promised() -> None:
    # RFC 9113 §8.4.1: the server MUST include a safe and cacheable method.
    conn, _ = server_with_request(1)
    post = [(n, b"POST" if n == b":method" else v) for n, v in REQUEST]
    with pytest.raises(ProtocolError):
        conn.push_stream(1, 2, post)
    assert conn.data_to_send() == b""


def test_8_4_1_client_never_sends_push_promise() -> None:
    # RFC 9113 §8.4.1: PUSH_PROMISE frames MUST NOT be sent by the client.
    conn, _ = client_with_request(1)
    with pytest.raises(ProtocolError):
        conn.push_stream(1, 2, REQUEST)
    assert conn.data_to_send() == b""


def test_8_4_1_incomplete_promised_request_resets_the_promised_stream() -> None:
    # RFC 9113 §8.4.1: a PUSH_PROMISE without a complete, valid request MUST
    # get a stream error of type PROTOCOL_ERROR on the promised stream.
    conn, peer = client_with_request(1, end_stream=False)
    headers = [(n, v) for n, v in REQUEST if n != b":path"]
    events = recv(conn, peer.push_promise_frame(1, 2, headers))
    assert not events_of(events, PushedStreamReceived)
    assert summary(conn) == [rst(2, ErrorCodes.PROTOCOL_ERROR)]
    # The parent stream carries on.
    events = recv(conn, peer.headers_frame(1, RESPONSE, end_stream=True))
    assert [type(e) for e in events] == [ResponseReceived, StreamEnded]


def test_8_4_1_incomplete_promised_request_is_never_sent() -> None:
    # RFC 9113 §8.4.1: the promised header fields MUST be a valid, complete request.
    conn, _ = server_with_request(1)
    with pytest.raises(ProtocolError):
        conn.push_stream(1, 2, [(n, v) for n, v in REQUEST if n != b":scheme"])
    assert conn.data_to_send() == b""


def test_8_4_2_pushed_response_runs_on_the_promised_stream() -> None:
    # RFC 9113 §8.4.2: HEADERS on the promised stream, then DATA, END_STREAM.
    conn, peer = client_with_request(1)
    wire = (peer.push_promise_frame(1, 2, request(path=b"/app.js"))
            + peer.headers_frame(1, RESPONSE, end_stream=True)
            + peer.headers_frame(2, RESPONSE)
            + peer.data_frame(2, b"js", end_stream=True))
    events = recv(conn, wire)
    assert [(type(e), getattr(e, "stream_id", None)) for e in events] == [
        (PushedStreamReceived, None), (ResponseReceived, 1), (StreamEnded, 1),
        (ResponseReceived, 2), (DataReceived, 2), (StreamEnded, 2),
    ]
    assert events[0].pushed_stream_id == 2 and events[0].parent_stream_id == 1


# --------------------------------------------------------------------------
# §8.5 CONNECT
# --------------------------------------------------------------------------


CONNECT: Headers = [(b":method", b"CONNECT"), (b":authority", b"proxy.example:443")]


@pytest.mark.parametrize("extra", [(b":scheme", b"https"), (b":path", b"/")])
def test_8_5_connect_with_scheme_or_path_is_malformed(extra: tuple[bytes, bytes]) -> None:
    # RFC 9113 §8.5: :scheme and :path MUST be omitted from CONNECT.
    _malformed_request([*CONNECT, extra])
    conn, peer = client()
    _refused_send(conn, peer, lambda: conn.send_headers(1, [*CONNECT, extra]))


def test_8_5_connect_without_authority_is_malformed() -> None:
    # RFC 9113 §8.5: :authority carries the host and port to connect to.
    _malformed_request([(b":method", b"CONNECT")])


def test_8_5_connect_tunnel_carries_data() -> None:
    # RFC 9113 §8.5: a well-formed CONNECT opens a tunnel of DATA frames.
    conn, peer = server()
    events = recv(conn, peer.headers_frame(1, CONNECT))
    assert [type(e) for e in events] == [RequestReceived]
    conn.send_headers(1, RESPONSE)
    conn.send_data(1, b"\x16\x03\x01")
    assert [f[0] for f in summary(conn)] == ["HeadersFrame", "DataFrame"]
    events = recv(conn, peer.data_frame(1, b"tls bytes", end_stream=True))
    assert [type(e) for e in events] == [DataReceived, StreamEnded]


def test_8_5_header_block_on_a_connected_stream_is_a_stream_error() -> None:
    # RFC 9113 §8.5: frames other than DATA, RST_STREAM, WINDOW_UPDATE and
    # PRIORITY on a connected stream MUST be treated as a stream error.
    conn, peer = server()
    recv(conn, peer.headers_frame(1, CONNECT))
    conn.send_headers(1, RESPONSE)
    conn.data_to_send()
    events = recv(conn, peer.headers_frame(1, [(b"x-t", b"1")], end_stream=True))
    assert not events_of(events, TrailersReceived)
    queued = summary(conn)
    assert len(queued) == 1 and queued[0][0] == "RstStreamFrame" and queued[0][1] == 1


def test_8_5_no_header_block_is_sent_on_a_connected_stream() -> None:
    # RFC 9113 §8.5: only DATA and stream management frames are sent once the
    # CONNECT tunnel is established.
    conn, peer = server()
    recv(conn, peer.headers_frame(1, CONNECT))
    conn.send_headers(1, RESPONSE)
    conn.data_to_send()
    with pytest.raises(ProtocolError):
        conn.send_headers(1, [(b"x-t", b"1")], end_stream=True)
    assert conn.data_to_send() == b""
    conn.send_data(1, b"", end_stream=True)
    assert [f[0] for f in summary(conn)] == ["DataFrame"]


# --------------------------------------------------------------------------
# §8.7 request reliability
# --------------------------------------------------------------------------


def test_8_7_goaway_covers_every_stream_passed_to_the_application() -> None:
    # RFC 9113 §8.7: a GOAWAY MUST carry a stream id >= every stream whose
    # frames reached the application.
    conn, peer = server()
    recv(conn, peer.headers_frame(1, REQUEST, end_stream=True))
    recv(conn, peer.headers_frame(5, REQUEST, end_stream=True))
    conn.data_to_send()
    conn.close_connection()
    (goaway,) = parse_frames(conn.data_to_send())
    assert goaway.last_stream_id == 5


def test_8_7_configuration_is_a_public_value_object() -> None:
    # RFC 9113 §8.7 needs nothing from the configuration; this pins that the
    # server role used throughout is the documented one.
    config = H2Configuration(client_side=False)
    assert config.client_side is False
