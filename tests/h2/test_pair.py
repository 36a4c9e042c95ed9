"""A client and a server ``H2Connection`` talking to each other in memory.

Hundreds of concurrent streams with random request/response body sizes, the
byte stream cut at random points, stream resets, PINGs, trailers and server
pushes interleaved.  Both
sides respect flow control (sending only what ``local_flow_control_window``
and ``max_outbound_frame_size`` allow) and give credit back with
``acknowledge_received_data``.  At the end every body must have arrived
intact (pushed ones too), every reset must have been seen by the other side,
every PING answered, and the connection windows of both directions must
balance.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass, field
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from h2.config import H2Configuration
from h2.connection import H2Connection
from h2.errors import ErrorCodes
from h2.events import (
    ConnectionTerminated,
    DataReceived,
    Event,
    PingAckReceived,
    PingReceived,
    PushedStreamReceived,
    RemoteSettingsChanged,
    RequestReceived,
    ResponseReceived,
    SettingsAcknowledged,
    StreamEnded,
    StreamReset,
    TrailersReceived,
    WindowUpdated,
)
from h2.exceptions import TooManyStreamsError
from h2.settings import SettingCodes

MAX_CLIENT_RESETS = 40
# The client opens at most (server limit - MAX_CLIENT_RESETS) streams: a stream
# it reset still counts on the server until the RST_STREAM arrives.


def body_for(stream_id: int, size: int, salt: int) -> bytes:
    return random.Random(stream_id * 1_000_003 + salt).randbytes(size)


@dataclass
class StreamPlan:
    stream_id: int
    request_size: int
    response_size: int
    reset_by: str | None  # None, "client" or "server"

    @property
    def request_body(self) -> bytes:
        return body_for(self.stream_id, self.request_size, 1)

    @property
    def response_body(self) -> bytes:
        return body_for(self.stream_id, self.response_size, 2)


@dataclass
class Outgoing:
    """Body bytes one side still has to send on one stream."""

    data: memoryview
    trailers: bool = False
    hold_last_byte: bool = False  # the stream will be reset, never finished


@dataclass
class Side:
    conn: H2Connection
    name: str
    outgoing: dict[int, Outgoing] = field(default_factory=dict)
    received: dict[int, bytearray] = field(default_factory=dict)
    headers: dict[int, list[tuple[bytes, bytes]]] = field(default_factory=dict)
    ended: set[int] = field(default_factory=set)
    reset_seen: dict[int, int] = field(default_factory=dict)
    pings_sent: list[bytes] = field(default_factory=list)
    pings_acked: list[bytes] = field(default_factory=list)

    def pump(self, rng: random.Random) -> None:
        """Send as much queued body data as flow control allows."""
        conn = self.conn
        for sid in list(self.outgoing):
            out = self.outgoing[sid]
            while True:
                window = conn.local_flow_control_window(sid)
                size = min(len(out.data), window, conn.max_outbound_frame_size)
                if out.hold_last_byte:
                    size = min(size, len(out.data) - 1)
                    if size <= 0:
                        break
                # Sometimes send a smaller frame than allowed, to vary framing.
                if size > 1 and rng.random() < 0.2:
                    size = rng.randint(1, size)
                if size <= 0 and len(out.data) > 0:
                    break
                chunk, out.data = out.data[:size], out.data[size:]
                last = len(out.data) == 0
                conn.send_data(sid, bytes(chunk), end_stream=last and not out.trailers)
                if last:
                    if out.trailers:
                        conn.send_headers(sid, [(b"x-checksum", b"%d" % sid)], end_stream=True)
                    del self.outgoing[sid]
                    break


class Pair:
    def __init__(self, plans: list[StreamPlan], seed: int, server_window: int,
                 server_frame_size: int, server_max_streams: int = 100) -> None:
        self.rng = random.Random(seed)
        self.plans = {p.stream_id: p for p in plans}
        self.pending = [p.stream_id for p in plans]
        self.client = Side(H2Connection(H2Configuration(client_side=True)), "client")
        self.server = Side(H2Connection(H2Configuration(client_side=False)), "server")
        self.pipes: dict[str, bytearray] = {"client": bytearray(), "server": bytearray()}
        self.pushes: dict[int, bytes] = {}  # promised stream -> pushed body
        self.push_responses: list[int] = []  # promised, response not started yet
        self.promised_seen: dict[int, int] = {}  # client view: promised -> parent
        self.client.conn.initiate_connection()
        self.server.conn.initiate_connection()
        self.server.conn.update_settings({
            SettingCodes.INITIAL_WINDOW_SIZE: server_window,
            SettingCodes.MAX_FRAME_SIZE: server_frame_size,
            SettingCodes.MAX_CONCURRENT_STREAMS: server_max_streams,
        })
        self.client.conn.update_settings({SettingCodes.INITIAL_WINDOW_SIZE: server_window // 2 + 1})
        # Exchange prefaces and settings before any stream opens.
        for _ in range(3):
            self.flush_all()

    # -- transport ---------------------------------------------------------------
    def flush_all(self) -> None:
        for side in (self.client, self.server):
            self.pipes[side.name] += side.conn.data_to_send()
        for side in (self.client, self.server):
            self.deliver(side, len(self.pipes[side.name]))

    def deliver(self, sender: Side, amount: int) -> None:
        pipe = self.pipes[sender.name]
        receiver = self.server if sender is self.client else self.client
        chunk = bytes(pipe[:amount])
        del pipe[:amount]
        # Cut what we deliver at random points.
        while chunk:
            cut = self.rng.randint(1, len(chunk))
            self.handle(receiver, receiver.conn.receive_data(chunk[:cut]))
            chunk = chunk[cut:]

    # -- events ---------------------------------------------------------------------
    def handle(self, side: Side, events: list[Event]) -> None:
        conn = side.conn
        for event in events:
            if isinstance(event, (RequestReceived, ResponseReceived)):
                assert event.stream_id not in side.headers, f"{side.name}: second header block"
                side.headers[event.stream_id] = list(event.headers)
                side.received[event.stream_id] = bytearray()
                if isinstance(event, RequestReceived):
                    plan = self.plans[event.stream_id]
                    if plan.reset_by == "server":
                        conn.reset_stream(event.stream_id, ErrorCodes.CANCEL)
                        side.outgoing.pop(event.stream_id, None)
            elif isinstance(event, DataReceived):
                side.received[event.stream_id] += event.data
                conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
            elif isinstance(event, TrailersReceived):
                assert event.headers == [(b"x-checksum", b"%d" % event.stream_id)]
            elif isinstance(event, StreamEnded):
                sid = event.stream_id
                side.ended.add(sid)
                if side is self.server:
                    self.respond(sid)
            elif isinstance(event, StreamReset):
                assert event.remote_reset, f"{side.name}: h2 reset stream {event.stream_id} itself"
                side.reset_seen[event.stream_id] = event.error_code
                side.outgoing.pop(event.stream_id, None)
            elif isinstance(event, PushedStreamReceived):
                assert side is self.client
                pushed: Any = event  # plain event: attributes assigned after construction
                assert pushed.headers[2] == (b":path", b"/pushed/%d" % pushed.parent_stream_id)
                self.promised_seen[pushed.pushed_stream_id] = pushed.parent_stream_id
            elif isinstance(event, PingAckReceived):
                side.pings_acked.append(event.ping_data)
            elif isinstance(event, ConnectionTerminated):
                raise AssertionError(f"{side.name} got GOAWAY: {event!r}")
            else:
                assert isinstance(event, (PingReceived, RemoteSettingsChanged,
                                          SettingsAcknowledged, WindowUpdated)), event

    def respond(self, sid: int) -> None:
        plan = self.plans[sid]
        if plan.reset_by == "server":
            return  # already reset when the request arrived
        body = plan.response_body
        trailers = sid % 7 == 0
        conn = self.server.conn
        headers = [(b":status", b"200"), (b"content-length", b"%d" % len(body))]
        if not body and not trailers:
            conn.send_headers(sid, headers, end_stream=True)
            return
        if sid % 5 == 0:
            self.push(sid)
        conn.send_headers(sid, headers)
        self.server.outgoing[sid] = Outgoing(memoryview(body), trailers=trailers)

    def push(self, parent: int) -> None:
        """Promise /pushed/<parent> on the parent stream; answer it later."""
        conn = self.server.conn
        promised = conn.get_next_available_stream_id()
        conn.push_stream(parent, promised, [
            (b":method", b"GET"), (b":scheme", b"https"),
            (b":path", b"/pushed/%d" % parent), (b":authority", b"pair.example"),
        ])
        self.pushes[promised] = body_for(parent, (parent * 37) % 30_000, 3)
        self.push_responses.append(promised)

    def start_push_responses(self) -> None:
        """Open promised streams as the client's MAX_CONCURRENT_STREAMS allows."""
        conn = self.server.conn
        while self.push_responses:
            promised = self.push_responses[0]
            body = self.pushes[promised]
            try:
                conn.send_headers(promised, [(b":status", b"200"),
                                             (b"content-length", b"%d" % len(body))])
            except TooManyStreamsError:
                return  # RFC 9113 §5.1.2: wait until one of them closes
            self.push_responses.pop(0)
            self.server.outgoing[promised] = Outgoing(memoryview(body))

    # -- the client's work ---------------------------------------------------------------
    def open_streams(self) -> None:
        conn = self.client.conn
        limit = conn.remote_settings.max_concurrent_streams - MAX_CLIENT_RESETS
        while self.pending and conn.open_outbound_streams < limit:
            sid = self.pending.pop(0)
            plan = self.plans[sid]
            headers = [
                (b":method", b"POST" if plan.request_size else b"GET"),
                (b":scheme", b"https"),
                (b":path", b"/upload/%d" % sid),
                (b":authority", b"pair.example"),
                (b"content-length", b"%d" % plan.request_size),
            ]
            if plan.request_size == 0:
                conn.send_headers(sid, headers, end_stream=True)
            else:
                conn.send_headers(sid, headers)
                self.client.outgoing[sid] = Outgoing(
                    memoryview(plan.request_body), hold_last_byte=plan.reset_by == "client"
                )

    def maybe_reset_or_ping(self) -> None:
        conn = self.client.conn
        for sid in list(self.client.outgoing):
            if self.plans[sid].reset_by == "client" and self.rng.random() < 0.3:
                conn.reset_stream(sid, ErrorCodes.CANCEL)
                del self.client.outgoing[sid]
        if self.rng.random() < 0.05:
            side = self.rng.choice([self.client, self.server])
            opaque = self.rng.randbytes(8)
            side.conn.ping(opaque)
            side.pings_sent.append(opaque)

    def step(self) -> None:
        self.open_streams()
        self.start_push_responses()
        self.maybe_reset_or_ping()
        for side in (self.client, self.server):
            side.pump(self.rng)
            self.pipes[side.name] += side.conn.data_to_send()
        # Deliver a random part of each direction, in random order.
        for side in self.rng.sample([self.client, self.server], 2):
            pipe = self.pipes[side.name]
            if pipe:
                self.deliver(side, self.rng.randint(1, len(pipe)))

    def busy(self) -> bool:
        return bool(
            self.pending or self.client.outgoing or self.server.outgoing
            or self.pipes["client"] or self.pipes["server"]
        ) or self.unfinished()

    def unfinished(self) -> bool:
        for sid, plan in self.plans.items():
            if plan.reset_by is None and sid not in self.client.ended:
                return True
            if plan.reset_by == "server" and sid not in self.client.reset_seen:
                return True
        return any(p not in self.client.ended for p in self.pushes)

    def run(self) -> None:
        for _ in range(200_000):
            self.step()
            if not self.busy():
                break
        else:
            raise AssertionError("no progress: deadlock between the two connections")
        for _ in range(4):
            self.flush_all()

    # -- the verdict -----------------------------------------------------------------
    def check(self) -> None:
        client, server = self.client, self.server
        for sid, plan in self.plans.items():
            if plan.reset_by is None:
                assert bytes(server.received[sid]) == plan.request_body, f"request body {sid}"
                assert bytes(client.received[sid]) == plan.response_body, f"response body {sid}"
                assert sid in server.ended and sid in client.ended
                assert server.headers[sid][2] == (b":path", b"/upload/%d" % sid)
                assert client.headers[sid][0] == (b":status", b"200")
                assert sid not in client.reset_seen and sid not in server.reset_seen
            elif plan.reset_by == "client":
                assert sid not in server.ended and sid not in client.ended
                assert server.reset_seen.get(sid) == ErrorCodes.CANCEL, f"reset {sid} unseen"
            elif plan.reset_by == "server":
                assert client.reset_seen.get(sid) == ErrorCodes.CANCEL, f"reset {sid} unseen"
        assert set(self.promised_seen) == set(self.pushes)
        for promised, body in self.pushes.items():
            assert bytes(client.received[promised]) == body, f"pushed body {promised}"
            assert promised in client.ended
        for side in (client, server):
            assert side.pings_acked == side.pings_sent
            assert side.conn.open_outbound_streams == 0
            assert side.conn.open_inbound_streams == 0
        # Every byte is delivered: each sender's view of the connection window
        # equals the receiver's, in both directions.
        assert client.conn.outbound_flow_control_window == server.conn.inbound_flow_control_window
        assert server.conn.outbound_flow_control_window == client.conn.inbound_flow_control_window
        for side in (client, server):
            assert 0 < side.conn.inbound_flow_control_window <= 2**31 - 1


def make_plans(sizes: list[tuple[int, int, str | None]]) -> list[StreamPlan]:
    plans = []
    client_resets = 0
    for index, (req, resp, reset_by) in enumerate(sizes):
        if reset_by == "client":
            client_resets += 1
            req = max(req, 1)  # something to interrupt
            if client_resets > MAX_CLIENT_RESETS:
                reset_by = None
        plans.append(StreamPlan(2 * index + 1, req, resp, reset_by))
    return plans


stream_sizes = st.tuples(
    st.integers(0, 40_000),
    st.integers(0, 40_000),
    st.sampled_from([None, None, None, None, None, None, "client", "server"]),
)


@settings(max_examples=int(os.environ.get("H2_PAIR_EXAMPLES", "30")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    sizes=st.lists(stream_sizes, min_size=40, max_size=200),
    seed=st.integers(0, 2**32 - 1),
    server_window=st.sampled_from([16_384, 65_535, 1 << 20]),
    server_frame_size=st.sampled_from([16_384, 40_000]),
    server_max_streams=st.sampled_from([50, 100, 500]),
)
def test_pair_delivers_every_body_with_random_splits_resets_and_pings(
    sizes: list[tuple[int, int, str | None]], seed: int, server_window: int,
    server_frame_size: int, server_max_streams: int,
) -> None:
    # RFC 9113 §5.2 / §6.9: both peers stay inside each other's windows, the
    # byte stream survives any segmentation, resets stay stream-local;
    # §5.1.2: the client queues requests behind the server's stream limit.
    pair = Pair(make_plans(sizes), seed, server_window, server_frame_size, server_max_streams)
    pair.run()
    pair.check()


def test_pair_three_hundred_concurrent_streams() -> None:
    # Hundreds of streams through one connection (queued behind the peer's
    # SETTINGS_MAX_CONCURRENT_STREAMS), with a fixed seed.
    rng = random.Random(9113)
    choices: list[str | None] = [None] * 8 + ["client", "server"]
    sizes = [(rng.randint(0, 20_000), rng.randint(0, 20_000), rng.choice(choices))
             for _ in range(300)]
    pair = Pair(make_plans(sizes), 7540, 65_535, 16_384, server_max_streams=400)
    peak = 0
    step = pair.step

    def counting_step() -> None:
        nonlocal peak
        step()
        peak = max(peak, pair.server.conn.open_inbound_streams)

    pair.step = counting_step  # type: ignore[method-assign]
    pair.run()
    pair.check()
    assert len(pair.server.headers) >= 290
    assert len(pair.pushes) >= 40
    assert peak >= 200, f"only {peak} streams were open at once"


def test_pair_httpcore_style_client_with_hypercorn_style_server() -> None:
    # API contract §1.4: the set-up sequences of real consumers, end to end.
    from h2.settings import Settings

    client = H2Connection(H2Configuration(client_side=True, validate_inbound_headers=False))
    client.local_settings = Settings(client=True, initial_values={
        SettingCodes.ENABLE_PUSH: 0,
        SettingCodes.MAX_CONCURRENT_STREAMS: 100,
        SettingCodes.MAX_HEADER_LIST_SIZE: 65536,
    })
    del client.local_settings[SettingCodes.ENABLE_CONNECT_PROTOCOL]
    client.initiate_connection()
    client.increment_flow_control_window(2**24)

    server = H2Connection(H2Configuration(client_side=False, header_encoding=None))
    server.local_settings = Settings(client=False, initial_values={
        SettingCodes.MAX_CONCURRENT_STREAMS: 100,
        SettingCodes.MAX_HEADER_LIST_SIZE: 2**16,
        SettingCodes.ENABLE_CONNECT_PROTOCOL: 1,
    })
    server.DEFAULT_MAX_INBOUND_FRAME_SIZE = 2**14
    server.initiate_connection()

    events: list[Any] = list(server.receive_data(client.data_to_send()))
    changed = next(e for e in events if isinstance(e, RemoteSettingsChanged)).changed_settings
    assert changed[SettingCodes.ENABLE_PUSH].new_value == 0
    assert any(isinstance(e, WindowUpdated) and e.delta == 2**24 for e in events)
    events = list(client.receive_data(server.data_to_send()))
    assert client.remote_settings.max_concurrent_streams == 100
    server.receive_data(client.data_to_send())  # the client's SETTINGS ACK

    body = b"x" * 200_000
    sid = client.get_next_available_stream_id()
    client.send_headers(sid, [(":method", "GET"), (":scheme", "https"),
                              (":authority", "example.com"), (":path", "/big")], end_stream=True)
    client.increment_flow_control_window(2**24, stream_id=sid)
    for event in server.receive_data(client.data_to_send()):
        if isinstance(event, RequestReceived):
            assert event.headers[3] == (b":path", b"/big")
    server.send_headers(sid, [(":status", "200")])
    sent = 0
    received = bytearray()
    ended = False
    while not ended:
        size = min(len(body) - sent, server.local_flow_control_window(sid),
                   server.max_outbound_frame_size)
        if size > 0:
            server.send_data(sid, body[sent:sent + size], end_stream=sent + size == len(body))
            sent += size
        for event in client.receive_data(server.data_to_send()):
            if isinstance(event, DataReceived):
                received += event.data
                client.acknowledge_received_data(event.flow_controlled_length, sid)
            ended = ended or isinstance(event, StreamEnded)
        server.receive_data(client.data_to_send())
    assert bytes(received) == body
    client.close_connection()
    terminated = [e for e in server.receive_data(client.data_to_send())
                  if isinstance(e, ConnectionTerminated)]
    assert len(terminated) == 1 and terminated[0].error_code == ErrorCodes.NO_ERROR
