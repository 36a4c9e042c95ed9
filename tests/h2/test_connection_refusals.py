"""Property: a refused user call leaves no trace (Appendix B 11, 13, 20 fixed).

Random sequences of API calls run against a server and a client that talk
to each other.  Whenever a call raises, nothing may have been queued, no
stream or connection state may have moved and the HPACK encoder must be
unchanged, so the peer's decoder stays in step (checked by decoding
everything the connection sends afterwards).
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from h2.config import H2Configuration
from h2.connection import H2Connection
from h2.errors import ErrorCodes
from h2.exceptions import H2Error
from h2.settings import SettingCodes

REQUEST = [(b":method", b"GET"), (b":scheme", b"https"), (b":path", b"/"),
           (b":authority", b"example.com")]
BLOCKS = [
    REQUEST,
    [(b":status", b"200"), (b"x-a", b"1")],
    [(b":status", b"103"), (b"link", b"</s>")],
    [(b"x-trailer", b"t")],
    [(b":path", b"/bad")],
    [(b":method", b"CONNECT"), (b":protocol", b"websocket"), (b":scheme", b"https"),
     (b":path", b"/ws"), (b":authority", b"example.com")],
    [(b"connection", b"close"), (b":status", b"200")],
]

call = st.one_of(
    st.tuples(st.just("headers"), st.integers(1, 9), st.sampled_from(range(len(BLOCKS))),
              st.booleans(), st.sampled_from([None, 0, 1, 16, 300])),
    st.tuples(st.just("data"), st.integers(1, 9), st.binary(max_size=20), st.booleans(),
              st.sampled_from([None, 0, 3, 300])),
    st.tuples(st.just("end"), st.integers(1, 9)),
    st.tuples(st.just("reset"), st.integers(1, 9)),
    st.tuples(st.just("push"), st.integers(1, 9), st.integers(2, 12)),
    st.tuples(st.just("window"), st.integers(0, 9), st.sampled_from([1, 2**31 - 1, 0])),
    st.tuples(st.just("altsvc"), st.sampled_from([None, 1, 3])),
    st.tuples(st.just("settings"), st.sampled_from([1, 0, 16383, 2**31])),
    st.tuples(st.just("priority"), st.integers(0, 9), st.sampled_from([None, 0, 16, 257])),
    st.tuples(st.just("goaway"), st.sampled_from([None, 1, 3])),
    st.tuples(st.just("ping"), st.sampled_from([b"12345678", b"short"])),
)


def _state(conn: H2Connection) -> Any:
    streams = {sid: s.state_machine.snapshot() for sid, s in conn.streams.items()}
    table = list(conn.encoder.header_table.dynamic_entries)
    return (conn.state_machine.state, streams, table, conn.outbound_flow_control_window,
            conn.highest_outbound_stream_id, len(conn.streams))


def _apply(conn: H2Connection, action: tuple[Any, ...]) -> None:
    kind = action[0]
    if kind == "headers":
        _, sid, block, end, weight = action
        conn.send_headers(sid, BLOCKS[block], end_stream=end, priority_weight=weight)
    elif kind == "data":
        _, sid, data, end, pad = action
        conn.send_data(sid, data, end_stream=end, pad_length=pad)
    elif kind == "end":
        conn.end_stream(action[1])
    elif kind == "reset":
        conn.reset_stream(action[1], ErrorCodes.CANCEL)
    elif kind == "push":
        conn.push_stream(action[1], action[2], REQUEST)
    elif kind == "window":
        conn.increment_flow_control_window(action[2], stream_id=action[1] or None)
    elif kind == "altsvc":
        conn.advertise_alternative_service(b'h2=":1"', stream_id=action[1],
                                           origin=None if action[1] else b"example.com")
    elif kind == "settings":
        conn.update_settings({SettingCodes.INITIAL_WINDOW_SIZE: action[1]})
    elif kind == "goaway":
        conn.close_connection(last_stream_id=action[1])
    elif kind == "ping":
        conn.ping(action[1])
    else:
        conn.prioritize(action[1], weight=action[2])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.booleans(), call), max_size=25))
def test_refused_calls_leave_no_trace(steps: list[tuple[bool, tuple[Any, ...]]]) -> None:
    client = H2Connection(H2Configuration(client_side=True))
    server = H2Connection(H2Configuration(client_side=False))
    client.initiate_connection()
    server.initiate_connection()
    server.receive_data(client.data_to_send())
    client.receive_data(server.data_to_send())
    server.receive_data(client.data_to_send())
    for on_client, action in steps:
        conn, peer = (client, server) if on_client else (server, client)
        before = _state(conn)
        try:
            _apply(conn, action)
        except (H2Error, ValueError, TypeError):
            assert conn.data_to_send() == b""
            assert _state(conn) == before
            continue
        # Whatever was accepted must be acceptable to the peer: our output
        # never makes a conforming peer raise a connection error.
        peer.receive_data(conn.data_to_send())
        conn.receive_data(peer.data_to_send())
