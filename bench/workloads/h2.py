"""h2 workloads: a client and a server H2Connection talking in memory.

* ``h2.requests``: batches of 100 concurrent GET requests (~10 header
  fields each) answered with 200 responses (5 header fields, 1 KiB body);
  the client acknowledges the received data.  Unit: requests.
* ``h2.bulk``: one long-lived stream moving 16 KiB DATA frames inside the
  flow-control windows, the receiver acknowledging the data so the windows
  reopen (WINDOW_UPDATE round trips included).  Unit: bytes.

Only the public API shared with h2 4.4.1 is used, so the same file measures
both implementations.  The connections persist across ``run`` calls (steady
state: warm HPACK tables); they are rebuilt before stream ids run out.
"""

from __future__ import annotations

from typing import Any

from . import Workload

BATCH = 100
BODY = bytes(range(256)) * 4  # 1 KiB
REQUEST_HEADERS = [
    (b":method", b"GET"),
    (b":scheme", b"https"),
    (b":path", b"/"),  # replaced per request
    (b":authority", b"bench.example"),
    (b"user-agent", b"h2-bench/1.0"),
    (b"accept", b"text/html,application/xhtml+xml,*/*;q=0.8"),
    (b"accept-encoding", b"gzip, deflate, br"),
    (b"accept-language", b"en-GB,en;q=0.9"),
    (b"cache-control", b"no-cache"),
    (b"x-request-id", b"0"),  # replaced per request
]
RESPONSE_HEADERS = [
    (b":status", b"200"),
    (b"content-type", b"application/octet-stream"),
    (b"content-length", b"%d" % len(BODY)),
    (b"server", b"h2-bench"),
    (b"cache-control", b"max-age=60"),
]
BULK_FRAME = 16384
BULK_PER_RUN = 64 * BULK_FRAME  # 1 MiB per run
PREFACE_SETTINGS_ROUNDS = 2
STREAM_ID_LIMIT = 1 << 30


def _pair() -> tuple[Any, Any]:
    from h2.config import H2Configuration
    from h2.connection import H2Connection

    client = H2Connection(H2Configuration(client_side=True))
    server = H2Connection(H2Configuration(client_side=False))
    client.initiate_connection()
    server.initiate_connection()
    for _ in range(PREFACE_SETTINGS_ROUNDS):
        server.receive_data(client.data_to_send())
        client.receive_data(server.data_to_send())
    return client, server


# -- h2.requests -------------------------------------------------------------------------


def _requests_setup() -> dict[str, Any]:
    from h2.events import DataReceived, RequestReceived

    requests = []
    for i in range(BATCH):
        headers = list(REQUEST_HEADERS)
        headers[2] = (b":path", b"/static/asset-%d.js" % i)
        headers[9] = (b"x-request-id", b"%08d" % i)
        requests.append(headers)
    state: dict[str, Any] = {
        "requests": requests,
        "RequestReceived": RequestReceived,
        "DataReceived": DataReceived,
    }
    _fresh_requests_pair(state)
    return state


def _fresh_requests_pair(state: dict[str, Any]) -> None:
    client, server = _pair()
    # Like httpx: a large connection receive window, kept open by acknowledging.
    client.increment_flow_control_window(1 << 24)
    server.receive_data(client.data_to_send())
    state["client"], state["server"] = client, server


def _requests_run(state: dict[str, Any]) -> int:
    client, server = state["client"], state["server"]
    if client.highest_outbound_stream_id > STREAM_ID_LIMIT:
        _fresh_requests_pair(state)
        client, server = state["client"], state["server"]
    request_received = state["RequestReceived"]
    data_received = state["DataReceived"]
    for headers in state["requests"]:
        client.send_headers(client.get_next_available_stream_id(), headers, end_stream=True)
    for event in server.receive_data(client.data_to_send()):
        if isinstance(event, request_received):
            server.send_headers(event.stream_id, RESPONSE_HEADERS)
            server.send_data(event.stream_id, BODY, end_stream=True)
    completed = 0
    for event in client.receive_data(server.data_to_send()):
        if isinstance(event, data_received):
            client.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
            completed += 1
    server.receive_data(client.data_to_send())  # the WINDOW_UPDATEs
    if completed != BATCH:
        raise RuntimeError(f"only {completed} of {BATCH} responses arrived")
    return BATCH


# -- h2.bulk --------------------------------------------------------------------------------


def _bulk_setup() -> dict[str, Any]:
    from h2.events import DataReceived

    client, server = _pair()
    stream_id = client.get_next_available_stream_id()
    client.send_headers(stream_id, [
        (b":method", b"POST"), (b":scheme", b"https"), (b":path", b"/upload"),
        (b":authority", b"bench.example"),
    ])
    server.receive_data(client.data_to_send())
    return {
        "client": client,
        "server": server,
        "stream_id": stream_id,
        "chunk": b"\xab" * BULK_FRAME,
        "DataReceived": DataReceived,
    }


def _bulk_deliver(state: dict[str, Any]) -> None:
    """Client -> server, the server acknowledges, WINDOW_UPDATEs -> client."""
    client, server = state["client"], state["server"]
    for event in server.receive_data(client.data_to_send()):
        if isinstance(event, state["DataReceived"]):
            server.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
    client.receive_data(server.data_to_send())


def _bulk_run(state: dict[str, Any]) -> int:
    client = state["client"]
    stream_id = state["stream_id"]
    chunk = state["chunk"]
    moved = 0
    while moved < BULK_PER_RUN:
        window = client.local_flow_control_window(stream_id)
        size = min(BULK_FRAME, window, client.max_outbound_frame_size)
        if size > 0:
            client.send_data(stream_id, chunk if size == BULK_FRAME else chunk[:size])
            moved += size
            if window - size >= BULK_FRAME:
                continue
        _bulk_deliver(state)  # window spent (or nearly): let the receiver catch up
    _bulk_deliver(state)
    return moved


WORKLOADS = {
    "h2.requests": Workload("h2", "requests", _requests_setup, _requests_run),
    "h2.bulk": Workload("h2", "bytes", _bulk_setup, _bulk_run),
}
