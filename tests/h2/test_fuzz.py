"""Stateful fuzzing of one H2Connection (server and client variants).

A hypothesis ``RuleBasedStateMachine`` plays both the remote peer (legal and
illegal frames from hyperframe, header blocks from our HPACK encoder,
malformed frames assembled by hand, random bytes, all delivered in random
pieces) and the local application (the public sending API).  Properties:

* ``receive_data`` raises nothing but documented h2 exceptions (``H2Error``
  subclasses); local calls with well-typed arguments likewise.
* a connection error queues a GOAWAY carrying the exception's error code;
  afterwards only GOAWAY frames ever leave the connection;
* everything the connection emits parses with hyperframe, respects the
  peer's frame size and decodes with the peer's HPACK decoder;
* windows stay within 2^31-1, stream states are valid, the open-stream
  counters match the live streams, highest stream ids never go down.
"""

from __future__ import annotations

import contextlib
import os
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from h2.config import H2Configuration
from h2.connection import H2Connection
from h2.errors import ErrorCodes
from h2.events import Event
from h2.exceptions import H2Error, ProtocolError
from h2.settings import SettingCodes
from h2.stream import StreamState
from hyperframe.frame import GoAwayFrame
from tests.h2.helpers import PREFACE, REQUEST, RESPONSE, Peer, parse_frames, raw_frame

MAX_WINDOW = 2**31 - 1

HEADER_BLOCKS: dict[str, list[tuple[bytes, bytes]]] = {
    "request": REQUEST,
    "post": [(b":method", b"POST"), *REQUEST[1:], (b"content-length", b"5")],
    "response": RESPONSE,
    "response-cl": [(b":status", b"200"), (b"content-length", b"3")],
    "informational": [(b":status", b"100")],
    "trailers": [(b"x-trailer", b"done")],
    "pseudo-in-trailers": [(b":path", b"/")],
    "upper": [*REQUEST, (b"X-Upper", b"1")],
    "connection": [*REQUEST, (b"connection", b"close")],
    "no-method": REQUEST[1:],
    "bad-cl": [*REQUEST, (b"content-length", b"ten")],
    "connect": [(b":method", b"CONNECT"), (b":authority", b"example.com:443")],
    "cookie": [*REQUEST, (b"cookie", b"a=1"), (b"cookie", b"b=2")],
}

SETTING_VALUES = st.dictionaries(
    st.sampled_from([1, 2, 3, 4, 5, 6, 8, 0x77]),
    st.sampled_from([0, 1, 2, 100, 4096, 16384, 65535, 100_000, 2**24 - 1, 2**31 - 1, 2**31]),
    max_size=4,
)

ERROR_CODES = st.sampled_from([0, 1, 2, 3, 5, 7, 8, 0xB, 0x1234])


class ConnectionMachine(RuleBasedStateMachine):
    client_side = False

    def __init__(self) -> None:
        super().__init__()
        self.conn = H2Connection(H2Configuration(client_side=self.client_side))
        self.peer = Peer()
        self.peer.decoder.max_allowed_table_size = 2**32
        self.peer.decoder.max_header_list_size = 2**32
        self.dead = False
        self.chaos = False
        self.highest = (0, 0)

    # -- plumbing ---------------------------------------------------------------------
    def pick(self, which: int, *, opening: bool = False) -> int | None:
        """A stream id for the next frame.

        Mostly a stream the connection knows (or, for HEADERS, the next new
        one); in chaos mode sometimes any small id.  ``None`` means "no
        sensible target": the rule then sends nothing.
        """
        if which >= 800:
            return which % 13 if self.chaos else None
        known = sorted(self.conn.streams)
        if opening and not self.client_side and (not known or which >= 500):
            return self.next_peer_stream()
        if not known:
            return None
        return known[which % len(known)]

    def next_peer_stream(self) -> int:
        """The next stream id the peer may open (odd for a client peer)."""
        highest = self.conn.highest_inbound_stream_id
        if self.client_side:
            return max(2, highest + 2 - highest % 2)
        return highest + 2 if highest else 1

    def feed(self, data: bytes, cuts: list[int]) -> None:
        """Deliver ``data`` cut at ``cuts``; check the outcome."""
        pieces = []
        last = 0
        for cut in sorted({c % (len(data) + 1) for c in cuts}):
            pieces.append(data[last:cut])
            last = cut
        pieces.append(data[last:])
        for piece in pieces:
            try:
                events = self.conn.receive_data(piece)
            except ProtocolError as exc:
                self.connection_error(exc)
                return
            except H2Error:
                self.dead = True
                self.drain(goaway_only=True)
                return
            for event in events:
                assert isinstance(event, Event)
                repr(event)
                if self.dead:
                    # A dead connection reports at most GOAWAYs and frames it
                    # cannot attribute (unknown types carry no state).
                    assert type(event).__name__ in (
                        "ConnectionTerminated", "UnknownFrameReceived"), event
            self.drain(goaway_only=self.dead)

    def connection_error(self, exc: ProtocolError) -> None:
        frames = self.drain(goaway_only=False)
        already_dead = self.dead
        self.dead = True
        if already_dead:
            assert all(isinstance(f, GoAwayFrame) for f in frames), frames
            return
        if not frames:
            # Only a bad client preface may skip the GOAWAY (RFC 9113 §3.4).
            assert "preamble" in str(exc).lower() or "preface" in str(exc).lower(), exc
            return
        goaway = frames[-1]
        assert isinstance(goaway, GoAwayFrame), frames
        assert goaway.error_code == exc.error_code

    def drain(self, *, goaway_only: bool) -> list[Any]:
        frames = parse_frames(self.conn.data_to_send())
        for frame in frames:
            if goaway_only:
                assert isinstance(frame, GoAwayFrame), f"{frame!r} sent after a connection error"
            assert len(frame.serialize()) - 9 <= max(self.conn.max_outbound_frame_size, 16384)
        if not self.dead:
            self.peer.decode(frames)
        return frames

    def local(self, action: Any) -> None:
        """Run a local API call: only H2Error may escape; dead connections send nothing new."""
        with contextlib.suppress(H2Error):
            action()
        self.drain(goaway_only=self.dead)

    # -- start ------------------------------------------------------------------------------
    @initialize(chaos=st.booleans(), tight=st.booleans())
    def handshake(self, chaos: bool, tight: bool) -> None:
        self.chaos = chaos
        if tight:
            # Small DoS limits, so the limit paths are fuzzed too.
            self.conn = H2Connection(H2Configuration(
                client_side=self.client_side, max_header_block_size=300,
                max_continuation_frames=3, max_pending_control_frames=6,
                max_rapid_resets=3, max_empty_frames=3,
            ))
        self.conn.initiate_connection()
        self.drain(goaway_only=False)
        opening = b"" if self.client_side else PREFACE
        self.feed(opening + Peer.settings_frame({}) + Peer.settings_frame(ack=True), [])
        assert not self.dead

    # -- the remote peer ------------------------------------------------------------------
    @rule(which=st.integers(0, 999), kind=st.sampled_from(sorted(HEADER_BLOCKS)),
          end_stream=st.booleans(), split=st.integers(0, 40), priority=st.booleans(),
          pad=st.none() | st.integers(0, 20), cuts=st.lists(st.integers(0, 200), max_size=3))
    def peer_headers(self, which: int, kind: str, end_stream: bool, split: int, priority: bool,
                     pad: int | None, cuts: list[int]) -> None:
        sid = self.pick(which, opening=True)
        if sid is None:
            return
        block = self.peer.block(HEADER_BLOCKS[kind])
        first, rest = block[:split], block[split:]
        wire = Peer.raw_headers(
            max(sid, 1), first, end_stream=end_stream, end_headers=not rest,
            priority=(0, 15, False) if priority else None, pad_length=pad,
        ) if sid else raw_frame(0x1, 0x4, 0, block)
        if rest and sid:
            wire += Peer.continuation_frame(sid, rest)
        self.feed(wire, cuts)

    @rule(which=st.integers(0, 999), size=st.integers(0, 20000), end_stream=st.booleans(),
          pad=st.none() | st.integers(0, 255), cuts=st.lists(st.integers(0, 30000), max_size=3))
    def peer_data(self, which: int, size: int, end_stream: bool, pad: int | None,
                  cuts: list[int]) -> None:
        sid = self.pick(which)
        if not sid:
            return
        self.feed(Peer.data_frame(sid, b"d" * size, end_stream=end_stream, pad_length=pad), cuts)

    @rule(which=st.integers(0, 999), increment=st.sampled_from([0, 1, 1000, 65535, MAX_WINDOW]))
    def peer_window_update(self, which: int, increment: int) -> None:
        sid = 0 if which < 150 else self.pick(which)
        if sid is None:
            return
        self.feed(raw_frame(0x8, 0, sid, increment.to_bytes(4, "big")), [])

    @rule(which=st.integers(0, 999), code=ERROR_CODES)
    def peer_rst_stream(self, which: int, code: int) -> None:
        sid = self.pick(which)
        if sid is None:
            return
        self.feed(raw_frame(0x3, 0, sid, code.to_bytes(4, "big")), [])

    @rule(values=SETTING_VALUES, ack=st.booleans())
    def peer_settings(self, values: dict[int, int], ack: bool) -> None:
        if ack:
            self.feed(Peer.settings_frame(ack=True), [])
            return
        payload = b"".join(k.to_bytes(2, "big") + (v % 2**32).to_bytes(4, "big")
                           for k, v in values.items())
        self.feed(raw_frame(0x4, 0, 0, payload), [3])

    @rule(ack=st.booleans(), opaque=st.binary(min_size=8, max_size=8))
    def peer_ping(self, ack: bool, opaque: bytes) -> None:
        self.feed(Peer.ping_frame(opaque, ack=ack), [])

    @rule(which=st.integers(0, 999), depends_on=st.integers(0, 12), weight=st.integers(0, 255),
          exclusive=st.booleans())
    def peer_priority(self, which: int, depends_on: int, weight: int, exclusive: bool) -> None:
        sid = self.pick(which, opening=True)
        if sid is None:
            return
        dep = depends_on | (0x80000000 if exclusive else 0)
        self.feed(raw_frame(0x2, 0, sid, dep.to_bytes(4, "big") + bytes([weight])), [])

    @precondition(lambda self: self.chaos)
    @rule(last=st.integers(0, 12), code=ERROR_CODES, debug=st.binary(max_size=10))
    def peer_goaway(self, last: int, code: int, debug: bytes) -> None:
        self.feed(Peer.goaway_frame(last, code, debug), [])

    @rule(which=st.integers(0, 999), promised=st.integers(0, 14), end_headers=st.booleans())
    def peer_push_promise(self, which: int, promised: int, end_headers: bool) -> None:
        sid = self.pick(which)
        if sid is None or not (self.client_side or self.chaos):
            return
        if which < 800:
            highest = self.conn.highest_inbound_stream_id
            promised = highest + 2 - highest % 2
        block = self.peer.block(REQUEST)
        flags = 0x4 if end_headers else 0
        wire = raw_frame(0x5, flags, sid, promised.to_bytes(4, "big") + block)
        if not end_headers and sid:
            wire += Peer.continuation_frame(sid, b"")
        self.feed(wire, [])

    @precondition(lambda self: self.chaos)
    @rule(sid=st.integers(0, 12), end_headers=st.booleans(), data=st.binary(max_size=8))
    def peer_continuation(self, sid: int, end_headers: bool, data: bytes) -> None:
        self.feed(raw_frame(0x9, 0x4 if end_headers else 0, sid, data), [])

    @precondition(lambda self: self.chaos)
    @rule(frame_type=st.integers(0, 0xFF), flags=st.integers(0, 0xFF),
          sid=st.integers(0, 12) | st.just(0x80000001), payload=st.binary(max_size=40),
          cuts=st.lists(st.integers(0, 50), max_size=4))
    def peer_raw_frame(self, frame_type: int, flags: int, sid: int, payload: bytes,
                       cuts: list[int]) -> None:
        # Well-formed header, arbitrary (often malformed) payload for any type.
        self.feed(raw_frame(frame_type, flags, sid, payload), cuts)

    @precondition(lambda self: self.chaos)
    @rule(data=st.binary(min_size=1, max_size=64))
    def peer_random_bytes(self, data: bytes) -> None:
        self.feed(data, [])

    # -- the local application ---------------------------------------------------------------
    @rule(end_stream=st.booleans())
    def local_open_stream(self, end_stream: bool) -> None:
        def action() -> None:
            sid = self.conn.get_next_available_stream_id()
            self.conn.send_headers(sid, REQUEST, end_stream=end_stream)
        self.local(action)

    @rule(which=st.integers(0, 999),
          kind=st.sampled_from(["response", "trailers", "informational"]), end_stream=st.booleans())
    def local_send_headers(self, which: int, kind: str, end_stream: bool) -> None:
        sid = self.pick(which) or 1
        headers = {"response": RESPONSE, "trailers": [(b"x-t", b"1")],
                   "informational": [(b":status", b"103")]}[kind]
        self.local(lambda: self.conn.send_headers(sid, headers, end_stream=end_stream))

    @rule(which=st.integers(0, 999), end_stream=st.booleans(), request_like=st.booleans(),
          fields=st.lists(st.tuples(st.sampled_from([b"", b":", b":path", b"x-a", b"X-B",
                                                     b"te", b"connection", b"cookie", b"a b"]),
                                    st.binary(max_size=6)), max_size=4))
    def local_send_odd_headers(self, which: int, end_stream: bool, request_like: bool,
                               fields: list[tuple[bytes, bytes]]) -> None:
        # Arbitrary (mostly invalid) fields: a refusal must leave HPACK in step,
        # which drain() checks by decoding everything that is sent.
        def action() -> None:
            if request_like:
                sid = self.conn.get_next_available_stream_id()
                headers = [*REQUEST, *fields]
            else:
                sid = self.pick(which) or 1
                headers = [*RESPONSE, *fields]
            self.conn.send_headers(sid, headers, end_stream=end_stream)
        self.local(action)

    @rule(which=st.integers(0, 999), size=st.integers(0, 70000), end_stream=st.booleans(),
          pad=st.none() | st.integers(0, 255))
    def local_send_data(self, which: int, size: int, end_stream: bool, pad: int | None) -> None:
        sid = self.pick(which) or 1
        self.local(lambda: self.conn.send_data(sid, b"u" * size, end_stream=end_stream,
                                               pad_length=pad))

    @rule(which=st.integers(0, 999))
    def local_end_stream(self, which: int) -> None:
        sid = self.pick(which) or 1
        self.local(lambda: self.conn.end_stream(sid))

    @rule(which=st.integers(0, 999), code=ERROR_CODES)
    def local_reset(self, which: int, code: int) -> None:
        sid = self.pick(which) or 1
        self.local(lambda: self.conn.reset_stream(sid, code))

    @rule(which=st.integers(0, 999), size=st.integers(0, 70000))
    def local_acknowledge(self, which: int, size: int) -> None:
        sid = self.pick(which) or 1
        self.local(lambda: self.conn.acknowledge_received_data(size, sid))

    @rule(sid=st.none() | st.integers(1, 12),
          increment=st.sampled_from([1, 100, 65535, MAX_WINDOW]))
    def local_increment_window(self, sid: int | None, increment: int) -> None:
        self.local(lambda: self.conn.increment_flow_control_window(increment, stream_id=sid))

    @rule(opaque=st.binary(min_size=8, max_size=8))
    def local_ping(self, opaque: bytes) -> None:
        self.local(lambda: self.conn.ping(opaque))

    @rule(window=st.sampled_from([0, 100, 65535, 1 << 20]),
          frame_size=st.sampled_from([16384, 32768]), table=st.sampled_from([0, 256, 4096]))
    def local_update_settings(self, window: int, frame_size: int, table: int) -> None:
        self.local(lambda: self.conn.update_settings({
            SettingCodes.INITIAL_WINDOW_SIZE: window,
            SettingCodes.MAX_FRAME_SIZE: frame_size,
            SettingCodes.HEADER_TABLE_SIZE: table,
        }))

    @rule(parent=st.integers(1, 12), promised=st.integers(2, 14))
    def local_push(self, parent: int, promised: int) -> None:
        self.local(lambda: self.conn.push_stream(parent, promised, REQUEST))

    @rule(code=st.sampled_from([ErrorCodes.NO_ERROR, ErrorCodes.PROTOCOL_ERROR]),
          last=st.none() | st.integers(0, 12))
    def local_close(self, code: ErrorCodes, last: int | None) -> None:
        def action() -> None:
            self.conn.close_connection(code, last_stream_id=last)
        self.local(action)

    # -- invariants ----------------------------------------------------------------------------
    @invariant()
    def windows_are_bounded(self) -> None:
        conn = self.conn
        assert conn.outbound_flow_control_window <= MAX_WINDOW
        assert 0 <= conn.inbound_flow_control_window <= MAX_WINDOW or self.dead
        if self.dead:
            return
        for sid, stream in list(conn.streams.items()):
            if stream.open:
                assert conn.local_flow_control_window(sid) <= MAX_WINDOW
                assert conn.remote_flow_control_window(sid) <= MAX_WINDOW

    @invariant()
    def stream_states_and_counts_are_consistent(self) -> None:
        conn = self.conn
        outbound = conn.open_outbound_streams
        inbound = conn.open_inbound_streams
        live = list(conn.streams.values())
        for stream in live:
            assert stream.state_machine.state in StreamState
        open_streams = [s for s in live if s.open]
        assert outbound + inbound == len(open_streams)
        assert outbound >= 0 and inbound >= 0

    @invariant()
    def highest_stream_ids_never_decrease(self) -> None:
        now = (self.conn.highest_inbound_stream_id, self.conn.highest_outbound_stream_id)
        assert now[0] >= self.highest[0] and now[1] >= self.highest[1]
        self.highest = now


class ClientConnectionMachine(ConnectionMachine):
    client_side = True


HUNTING = "H2_FUZZ_EXAMPLES" in os.environ
FUZZ_SETTINGS = settings(
    # H2_FUZZ_EXAMPLES=5000 starts a long, randomised hunting session (with the
    # example database); by default the run is derandomised, fast and
    # repeatable, and what a hunt finds becomes a named regression test.
    max_examples=int(os.environ.get("H2_FUZZ_EXAMPLES", "60")),
    derandomize=not HUNTING,
    database=settings().database if HUNTING else None,
    stateful_step_count=int(os.environ.get("H2_FUZZ_STEPS", "30")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

TestServerConnectionFuzz = ConnectionMachine.TestCase
TestServerConnectionFuzz.settings = FUZZ_SETTINGS
TestClientConnectionFuzz = ClientConnectionMachine.TestCase
TestClientConnectionFuzz.settings = FUZZ_SETTINGS
