"""RFC 9113 §3.4 and §4: connection preface, frame format, frame size, field blocks.

One test per endpoint MUST / MUST NOT, named after its section.  Requirements
of these sections that a sans-I/O endpoint cannot or need not check:

* §3.1-§3.3 (ALPN, "h2c" prior knowledge): transport negotiation happens
  outside the library.
* §4.1 "The 9 octets of the frame header are not included in this value":
  a definition, exercised by every length test below.
* §4.3.1 "takes effect when the endpoint acknowledges settings": covered by
  the HEADER_TABLE_SIZE tests here and in test_rfc9113_6_frames.
"""

from __future__ import annotations

import pytest

from h2.config import H2Configuration
from h2.connection import H2Connection
from h2.errors import ErrorCodes
from h2.events import (
    DataReceived,
    PingReceived,
    RemoteSettingsChanged,
    RequestReceived,
    SettingsAcknowledged,
    StreamEnded,
    UnknownFrameReceived,
)
from h2.exceptions import FrameTooLargeError, ProtocolError
from h2.settings import SettingCodes
from hyperframe.frame import ContinuationFrame, HeadersFrame
from tests.h2.helpers import (
    PREFACE,
    REQUEST,
    RESPONSE,
    Peer,
    client,
    client_with_request,
    expect_connection_error,
    frame_kinds,
    outbound_header_bits_ok,
    parse_frames,
    raw_frame,
    recv,
    request,
    sent_frames,
    server,
    server_with_request,
    summary,
)

# --------------------------------------------------------------------------
# §3.4 connection preface
# --------------------------------------------------------------------------


def test_3_4_client_preface_is_followed_by_settings() -> None:
    # RFC 9113 §3.4: the 24-octet preface MUST be followed by a SETTINGS frame.
    conn = H2Connection(H2Configuration(client_side=True))
    conn.initiate_connection()
    data = conn.data_to_send()
    assert data.startswith(PREFACE)
    frames = parse_frames(data)
    assert frame_kinds(frames) == ["SettingsFrame"]
    assert "ACK" not in frames[0].flags


def test_3_4_server_preface_is_a_settings_frame_first() -> None:
    # RFC 9113 §3.4: the server preface SETTINGS MUST be the first frame it sends.
    conn = H2Connection(H2Configuration(client_side=False))
    conn.initiate_connection()
    data = conn.data_to_send()
    assert not data.startswith(PREFACE)
    assert frame_kinds(parse_frames(data)) == ["SettingsFrame"]


def test_3_4_invalid_preface_is_a_connection_error() -> None:
    # RFC 9113 §3.4: an invalid preface MUST be a connection error of type
    # PROTOCOL_ERROR; the GOAWAY MAY be omitted, so only the error is pinned.
    conn = H2Connection(H2Configuration(client_side=False))
    conn.initiate_connection()
    conn.data_to_send()
    with pytest.raises(ProtocolError):
        recv(conn, b"GET / HTTP/1.1\r\nHost: example.com\r\n\r\n")
    for frame in parse_frames(conn.data_to_send()):
        assert type(frame).__name__ == "GoAwayFrame"


def test_3_4_preface_may_arrive_in_single_bytes_and_settings_are_acknowledged() -> None:
    # RFC 9113 §3.4: the SETTINGS in the peer's preface MUST be acknowledged.
    conn = H2Connection(H2Configuration(client_side=False))
    conn.initiate_connection()
    conn.data_to_send()
    wire = PREFACE + Peer.settings_frame({SettingCodes.MAX_CONCURRENT_STREAMS: 10})
    events = []
    for i in range(len(wire)):
        events += recv(conn, wire[i:i + 1])
    assert [type(e) for e in events] == [RemoteSettingsChanged]
    assert summary(conn) == [("SettingsFrame", ("ACK",), {})]


def test_3_4_client_acknowledges_server_preface_settings() -> None:
    # RFC 9113 §3.4: a client MUST acknowledge the server's preface SETTINGS.
    conn = H2Connection(H2Configuration(client_side=True))
    conn.initiate_connection()
    conn.data_to_send()
    events = recv(conn, Peer.settings_frame({SettingCodes.MAX_CONCURRENT_STREAMS: 5}))
    assert [type(e) for e in events] == [RemoteSettingsChanged]
    assert summary(conn) == [("SettingsFrame", ("ACK",), {})]


# --------------------------------------------------------------------------
# §4.1 frame format
# --------------------------------------------------------------------------


def test_4_1_no_frame_longer_than_16384_is_sent_by_default() -> None:
    # RFC 9113 §4.1: lengths above 2^14 MUST NOT be sent unless the receiver
    # raised SETTINGS_MAX_FRAME_SIZE; a large field block is split instead.
    conn, peer = client()
    big = [*REQUEST, (b"x-big", b"a" * 40000)]
    conn.send_headers(1, big, end_stream=False)
    frames = sent_frames(conn)
    assert frame_kinds(frames)[0] == "HeadersFrame"
    assert set(frame_kinds(frames)[1:]) == {"ContinuationFrame"}
    for frame in frames:
        assert len(frame.serialize()) - 9 <= 16384
    assert peer.decode(frames) == [big]
    with pytest.raises(FrameTooLargeError):
        conn.send_data(1, b"x" * 16385)
    assert conn.data_to_send() == b""


def test_4_1_larger_frames_are_sent_once_peer_allows_them() -> None:
    # RFC 9113 §4.1: ... unless the receiver has set a larger value.
    conn, peer = client_with_request(end_stream=False)
    recv(conn, peer.settings_frame({SettingCodes.MAX_FRAME_SIZE: 32768}))
    conn.data_to_send()
    conn.send_data(1, b"y" * 20000)
    frames = sent_frames(conn)
    assert frame_kinds(frames) == ["DataFrame"]
    assert frames[0].data == b"y" * 20000


@pytest.mark.parametrize("stream_id", [0, 1, 99])
def test_4_1_unknown_frame_types_are_ignored(stream_id: int) -> None:
    # RFC 9113 §4.1 / §5.5: frames of unknown types MUST be ignored and discarded.
    conn, peer = server_with_request(1)
    events = recv(conn, raw_frame(0xEE, 0xFF, stream_id, b"whatever"))
    assert [type(e) for e in events] == [UnknownFrameReceived]
    assert conn.data_to_send() == b""
    # The unknown frame opened nothing: stream 3 is still a valid new stream.
    events = recv(conn, peer.headers_frame(3, REQUEST, end_stream=True))
    assert [type(e) for e in events] == [RequestReceived, StreamEnded]


def test_4_1_unused_flags_are_ignored_on_receipt() -> None:
    # RFC 9113 §4.1: unused flags MUST be ignored on receipt.
    conn, peer = server()
    # HEADERS: END_HEADERS plus every unused bit (0x02, 0x10, 0x40, 0x80).
    block = peer.block(REQUEST)
    events = recv(conn, raw_frame(0x1, 0x04 | 0xD2, 1, block))
    assert [type(e) for e in events] == [RequestReceived]
    # DATA: every bit except END_STREAM and PADDED.
    events = recv(conn, raw_frame(0x0, 0xF6, 1, b"abc"))
    assert [type(e) for e in events] == [DataReceived]
    assert events[0].data == b"abc"
    # PING without ACK but with the other seven bits set: still a request.
    events = recv(conn, raw_frame(0x6, 0xFE, 0, b"pingpong"))
    assert [type(e) for e in events] == [PingReceived]
    # SETTINGS without ACK but with unused bits: a normal SETTINGS.
    events = recv(conn, raw_frame(0x4, 0xFE, 0, b""))
    assert [type(e) for e in events] == [RemoteSettingsChanged]
    assert summary(conn) == [
        ("PingFrame", ("ACK",), b"pingpong"),
        ("SettingsFrame", ("ACK",), {}),
    ]


def test_4_1_reserved_bit_is_ignored_on_receipt() -> None:
    # RFC 9113 §4.1: the reserved bit MUST be ignored when receiving.
    conn, peer = server()
    events = recv(conn, raw_frame(0x1, 0x04, 0x80000001, peer.block(REQUEST)))
    assert [type(e) for e in events] == [RequestReceived]
    assert events[0].stream_id == 1
    events = recv(conn, raw_frame(0x0, 0x01, 0x80000001, b"body"))
    assert [type(e) for e in events] == [DataReceived, StreamEnded]
    assert events[0].stream_id == 1


def test_4_1_outbound_frames_leave_unused_flags_and_reserved_bit_unset() -> None:
    # RFC 9113 §4.1: unused flags and the reserved bit MUST be left unset when sending.
    conn, peer = client()
    conn.send_headers(1, REQUEST, end_stream=False, priority_weight=32)
    conn.send_data(1, b"body", pad_length=3)
    conn.increment_flow_control_window(100, stream_id=1)
    conn.increment_flow_control_window(100)
    conn.ping(b"\x00" * 8)
    conn.update_settings({SettingCodes.MAX_CONCURRENT_STREAMS: 7})
    conn.prioritize(1, weight=10)
    conn.reset_stream(1)
    recv(conn, peer.ping_frame() + peer.settings_frame({}))
    conn.close_connection()
    outbound_header_bits_ok(conn.data_to_send())


# --------------------------------------------------------------------------
# §4.2 frame size
# --------------------------------------------------------------------------


def test_4_2_frames_of_16384_octets_are_received() -> None:
    # RFC 9113 §4.2: MUST be capable of receiving frames up to 2^14 octets.
    conn, peer = server()
    filler = 16384
    while True:
        fragment = Peer().block([*REQUEST, (b"x-filler", b"f" * filler)])
        if len(fragment) <= 16384:
            break
        filler -= len(fragment) - 16384
    assert len(fragment) > 16300
    events = recv(conn, Peer.raw_headers(1, fragment))
    assert [type(e) for e in events] == [RequestReceived]
    events = recv(conn, peer.data_frame(1, b"d" * 16384))
    assert [type(e) for e in events] == [DataReceived]
    assert len(events[0].data) == 16384


@pytest.mark.parametrize(
    "frame",
    [
        raw_frame(0x0, 0x0, 1, b"d" * 16385),  # DATA
        raw_frame(0x1, 0x4, 3, b"\x82" * 16385),  # HEADERS: carries a field block
        raw_frame(0x4, 0x0, 0, b"\x00\x03\x00\x00\x00\x64" * 2731),  # SETTINGS
        raw_frame(0x8, 0x0, 0, b"\x00" * 16385),  # stream 0 frame
    ],
    ids=["data", "headers", "settings", "window-update-stream-0"],
)
def test_4_2_frame_above_max_frame_size_is_frame_size_error(frame: bytes) -> None:
    # RFC 9113 §4.2: exceeding SETTINGS_MAX_FRAME_SIZE MUST be FRAME_SIZE_ERROR,
    # and a connection error for frames that alter connection state.
    conn, _ = server_with_request(1)
    expect_connection_error(conn, frame, ErrorCodes.FRAME_SIZE_ERROR, exc=FrameTooLargeError)


def test_4_2_oversized_frame_is_rejected_from_its_header_alone() -> None:
    # RFC 9113 §4.2 (and H2_LAYOUT): the 9-octet header is enough to know the
    # frame is too large; nothing of the body needs to be buffered.
    conn, _ = server_with_request(1)
    header = (1 << 20).to_bytes(3, "big") + b"\x00\x00" + (1).to_bytes(4, "big")
    expect_connection_error(conn, header, ErrorCodes.FRAME_SIZE_ERROR, exc=FrameTooLargeError)


def test_4_2_acknowledged_max_frame_size_applies_to_the_next_frame() -> None:
    # RFC 9113 §4.2 / §6.5.3: once our larger SETTINGS_MAX_FRAME_SIZE is
    # acknowledged, the very next frame may use it, even in the same read.
    conn, peer = server_with_request(1)
    conn.update_settings({SettingCodes.MAX_FRAME_SIZE: 32768})
    conn.data_to_send()
    events = recv(conn, peer.settings_frame(ack=True) + peer.data_frame(1, b"z" * 20000))
    assert [type(e) for e in events] == [SettingsAcknowledged, DataReceived]
    assert events[1].data == b"z" * 20000


def test_4_2_frame_too_small_for_mandatory_fields_is_frame_size_error() -> None:
    # RFC 9113 §4.2: a frame too small to contain mandatory data MUST get
    # FRAME_SIZE_ERROR; HEADERS carries a field block, so a connection error.
    conn, _ = server()
    # HEADERS with PRIORITY flag but only 3 octets of payload.
    expect_connection_error(conn, raw_frame(0x1, 0x24, 1, b"\x00\x00\x00"),
                            ErrorCodes.FRAME_SIZE_ERROR)


def test_4_2_padded_frame_without_pad_length_octet_is_frame_size_error() -> None:
    # RFC 9113 §4.2: PADDED set but no room for the Pad Length field.
    conn, _ = server()
    expect_connection_error(conn, raw_frame(0x1, 0x0C, 1, b""), ErrorCodes.FRAME_SIZE_ERROR)


# --------------------------------------------------------------------------
# §4.3 field blocks
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "intruder",
    [
        Peer.data_frame(1, b"x"),
        Peer.ping_frame(),
        Peer.settings_frame({}),
        Peer.priority_frame(1),
        Peer.window_update_frame(0, 10),
        Peer.rst_frame(1),
        raw_frame(0x1, 0x4, 3, b"\x82\x87\x84"),
    ],
    ids=["data", "ping", "settings", "priority", "window-update", "rst-stream", "headers"],
)
def test_4_3_field_block_must_not_be_interleaved(intruder: bytes) -> None:
    # RFC 9113 §4.3: field blocks MUST be a contiguous sequence of frames with
    # no interleaved frames of any other type or from any other stream.
    conn, peer = server()
    first = peer.headers_frame(1, REQUEST, end_headers=False)
    assert recv(conn, first) == []
    expect_connection_error(conn, intruder, ErrorCodes.PROTOCOL_ERROR)


@pytest.mark.parametrize(
    "block",
    [
        b"\x80",  # indexed field with index 0
        b"\xbe",  # index 62 while the dynamic table is empty
        b"\x40\x05ab",  # literal name string longer than the block
        b"\x40\x81\x00\x01v",  # Huffman string that ends inside a code (padding not all ones)
        b"\x3f\xe2\x1f",  # table size update to 4097 > SETTINGS_HEADER_TABLE_SIZE
        b"\x82\x20",  # table size update after a field line
    ],
    ids=[
        "index-0", "index-past-end", "truncated", "bad-huffman", "size-too-big", "late-size-update",
    ],
)
def test_4_3_decoding_error_is_compression_error(block: bytes) -> None:
    # RFC 9113 §4.3: a decoding error in a field block MUST be a connection
    # error of type COMPRESSION_ERROR.
    conn, _ = server()
    expect_connection_error(conn, Peer.raw_headers(1, block), ErrorCodes.COMPRESSION_ERROR)


def test_4_3_push_promise_decoding_error_is_compression_error() -> None:
    # RFC 9113 §4.3: PUSH_PROMISE carries a field block too.
    conn, _ = client_with_request(1)
    payload = b"\x00\x00\x00\x02" + b"\xbf\xbf"  # indexes past the tables
    expect_connection_error(conn, raw_frame(0x5, 0x4, 1, payload), ErrorCodes.COMPRESSION_ERROR)


def test_4_3_decoding_error_in_a_continuation_is_compression_error() -> None:
    # RFC 9113 §4.3: the block is decoded once reassembled; the error is the same.
    conn, peer = server()
    block = peer.block(REQUEST)
    wire = Peer.raw_headers(1, block, end_headers=False) + Peer.continuation_frame(1, b"\x80")
    expect_connection_error(conn, wire, ErrorCodes.COMPRESSION_ERROR)


def test_4_3_field_block_on_reset_stream_is_still_decompressed() -> None:
    # RFC 9113 §4.3 / §5.1 closed: frames on a stream we reset MUST still be
    # decompressed so the compression context stays in step.
    conn, peer = server_with_request(1)
    conn.reset_stream(1, ErrorCodes.CANCEL)
    conn.data_to_send()
    # The trailers on stream 1 insert "x-marker" into the peer's dynamic table.
    recv(conn, peer.headers_frame(1, [(b"x-marker", b"kept-in-sync")], end_stream=True))
    conn.data_to_send()
    # Stream 3 refers to it by index only: it decodes only if stream 1's block was processed.
    block = peer.block([*REQUEST, (b"x-marker", b"kept-in-sync")])
    assert block.endswith(b"\xbe")
    events = recv(conn, Peer.raw_headers(3, block, end_stream=True))
    assert [type(e) for e in events] == [RequestReceived, StreamEnded]
    assert (b"x-marker", b"kept-in-sync") in events[0].headers


def test_4_3_1_encoder_starts_with_size_update_after_reduction_is_acknowledged() -> None:
    # RFC 9113 §4.3.1: after acknowledging a reduced SETTINGS_HEADER_TABLE_SIZE
    # the encoder MUST start the next field block with a conformant size update.
    conn, peer = client()
    conn.send_headers(1, request([(b"x-fill", b"v" * 200)]), end_stream=True)
    peer.decode(sent_frames(conn))
    recv(conn, peer.settings_frame({SettingCodes.HEADER_TABLE_SIZE: 100}))
    assert summary(conn) == [("SettingsFrame", ("ACK",), {})]
    conn.send_headers(3, REQUEST, end_stream=True)
    frames = sent_frames(conn)
    first = frames[0].data
    assert first[0] & 0xE0 == 0x20, "block does not start with a dynamic table size update"
    size = first[0] & 0x1F
    if size == 0x1F:  # multi-octet integer (RFC 7541 §5.1)
        shift, index = 0, 1
        while True:
            size += (first[index] & 0x7F) << shift
            shift += 7
            if not first[index] & 0x80:
                break
            index += 1
    assert size <= 100
    peer.decoder.max_allowed_table_size = 100
    assert peer.decode(frames) == [REQUEST]


def test_4_3_1_block_without_required_size_update_is_compression_error() -> None:
    # RFC 9113 §4.3.1: a field block after our reduction was acknowledged that
    # does not start with a size update MUST be a COMPRESSION_ERROR.
    conn, peer = server()
    conn.update_settings({SettingCodes.HEADER_TABLE_SIZE: 0})
    conn.data_to_send()
    events = recv(conn, peer.settings_frame(ack=True))
    assert [type(e) for e in events] == [SettingsAcknowledged]
    stale = Peer()  # its encoder never shrank its table
    expect_connection_error(conn, stale.headers_frame(1, request([(b"x-new", b"1")])),
                            ErrorCodes.COMPRESSION_ERROR)


def test_4_3_1_block_with_required_size_update_is_accepted() -> None:
    # RFC 9113 §4.3.1: the conformant counterpart of the test above.
    conn, peer = server()
    conn.update_settings({SettingCodes.HEADER_TABLE_SIZE: 0})
    conn.data_to_send()
    recv(conn, peer.settings_frame(ack=True))
    peer.encoder.header_table_size = 0
    events = recv(conn, peer.headers_frame(1, request([(b"x-new", b"1")]), end_stream=True))
    assert [type(e) for e in events] == [RequestReceived, StreamEnded]


def test_4_3_continuation_frames_reassemble_in_order() -> None:
    # RFC 9113 §4.3: the receiver reassembles a field block by concatenating
    # its fragments (HEADERS + CONTINUATION..., END_HEADERS on the last).
    conn, peer = server()
    block = peer.block(request([(b"x-long", b"q" * 300)]))
    parts = [block[:10], block[10:100], block[100:]]
    wire = HeadersFrame(1, data=parts[0], flags=["END_STREAM"]).serialize()
    wire += ContinuationFrame(1, data=parts[1]).serialize()
    wire += ContinuationFrame(1, data=parts[2], flags=["END_HEADERS"]).serialize()
    events = recv(conn, wire)
    assert [type(e) for e in events] == [RequestReceived, StreamEnded]
    assert events[0].headers[-1] == (b"x-long", b"q" * 300)


def test_4_1_response_path_frames_are_well_formed() -> None:
    # RFC 9113 §4.1 on the server side: headers, data, trailers, push.
    conn, _ = server_with_request(1, end_stream=True)
    conn.push_stream(1, 2, REQUEST)
    conn.send_headers(1, RESPONSE)
    conn.send_data(1, b"hello", pad_length=0)
    conn.send_headers(1, [(b"x-trailer", b"1")], end_stream=True)
    conn.send_headers(2, RESPONSE, end_stream=True)
    outbound_header_bits_ok(conn.data_to_send())
