"""Header blocks we send: ``send_headers`` and ``push_stream``.

Everything that can fail runs first: argument checks, the connection and
stream transitions (on a snapshot that is restored on failure), the header
pipeline and HPACK encoding.  Only then does the connection commit its state
and queue frames, so a refused call leaves no trace (the incumbent could
leave a stream half-transitioned and the peer's HPACK context out of step).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import _wire
from ._connection_state import ConnectionInputs, ConnectionState
from ._header_pipeline import (
    authority_from_headers,
    extract_method_header,
    is_informational_response,
    prepare_outbound_headers,
)
from ._header_validation import HeaderValidationFlags, content_length_from_headers
from ._stream import H2Stream
from ._stream_state import StreamInputs, StreamState
from .events import _RequestSent, _ResponseSent, _TrailersSent
from .exceptions import ProtocolError, RFC1122Error, TooManyStreamsError

if TYPE_CHECKING:
    from .connection import H2Connection

__all__ = ["priority_fields", "push_stream", "send_headers"]

_SEND_HEADERS = StreamInputs.SEND_HEADERS
_SEND_INFORMATIONAL = StreamInputs.SEND_INFORMATIONAL_HEADERS
_SEND_END_STREAM = StreamInputs.SEND_END_STREAM
#: RFC 9110 §9.2.1 safe and §9.2.3 cacheable methods.
_PUSHABLE_METHODS = frozenset((b"GET", b"HEAD"))


def priority_fields(
    stream_id: int, weight: int | None, depends_on: int | None, exclusive: bool | None
) -> tuple[int, int, bool]:
    """Validated ``(weight, depends_on, exclusive)`` with RFC 7540 §5.3 defaults."""
    weight = 16 if weight is None else weight
    depends_on = 0 if depends_on is None else depends_on
    exclusive = False if exclusive is None else exclusive
    if not isinstance(weight, int) or not 1 <= weight <= 256:
        raise ProtocolError(f"Weight must be between 1 and 256, not {weight!r}")
    if not isinstance(depends_on, int) or not 0 <= depends_on <= 0x7FFFFFFF:
        raise ProtocolError(f"Invalid stream dependency {depends_on!r}")
    if depends_on == stream_id:
        # RFC 9113 §5.3.1: a stream cannot depend on itself.
        raise ProtocolError(f"Stream {stream_id} must not depend on itself.")
    return weight, depends_on, bool(exclusive)


def _pseudo_value(headers: list[Any], wanted: bytes) -> bytes | None:
    for name, value in headers:
        if name[:1] != b":":
            return None
        if name == wanted:
            return value  # type: ignore[no-any-return]
    return None


def send_headers(
    conn: H2Connection,
    stream_id: int,
    headers: Any,
    end_stream: bool,
    priority_weight: int | None,
    priority_depends_on: int | None,
    priority_exclusive: bool | None,
) -> None:
    config = conn.config
    priority: tuple[int, int, bool] | None = None
    if priority_weight is not None or priority_depends_on is not None or (
        priority_exclusive is not None
    ):
        if not config.client_side:
            raise RFC1122Error("Servers SHOULD NOT prioritize streams.")
        priority = priority_fields(
            stream_id, priority_weight, priority_depends_on, priority_exclusive
        )
    conn.state_machine.check_local_input(ConnectionInputs.SEND_HEADERS)

    store = conn._store
    stream = store.streams.get(stream_id)
    is_new = stream is None
    if stream is None:
        if not config.client_side:
            # RFC 9113 §5.1 "idle": a server-initiated stream can only leave
            # idle through PUSH_PROMISE; the client must reject HEADERS on it.
            raise ProtocolError("Servers cannot open streams with HEADERS; use push_stream().")
        if conn.state_machine.state is ConnectionState.CLOSED:
            # RFC 9113 §6.8: no new streams once GOAWAY was sent or received;
            # existing ones may still be draining.
            raise ProtocolError("Cannot open a new stream after GOAWAY.")
        _check_concurrency(conn)
        store.check_new_stream_id(stream_id, outbound=True)
        stream = conn._new_stream(stream_id)
    elif stream.state_machine.state is StreamState.RESERVED_LOCAL:
        # RFC 9113 §5.1.2: answering a promise opens the stream, which counts.
        _check_concurrency(conn)

    machine = stream.state_machine
    snapshot = machine.snapshot()
    try:
        block, kind, prepared = _prepare_block(conn, stream, headers, end_stream)
    except BaseException:
        machine.restore(snapshot)
        raise

    # Commit: nothing below can fail.
    conn.state_machine.feed(ConnectionInputs.SEND_HEADERS)
    if is_new:
        store.add(stream, outbound=True)
    flags = _wire.END_STREAM if end_stream else 0
    prefix = b""
    if priority is not None:
        flags |= _wire.PRIORITY_FLAG
        prefix = _wire.priority_bytes(priority[1], priority[0], priority[2])
    _wire.write_header_block(
        conn._out, _wire.HEADERS, stream_id, flags, prefix, block,
        stream.max_outbound_frame_size or conn.max_outbound_frame_size,
    )
    if kind is _RequestSent:
        # Only the request block names the method and authority: trailers
        # must not make us forget a HEAD request (RFC 9113 §8.1.1).
        method = stream.request_method = extract_method_header(prepared)
        stream._authority = authority_from_headers(prepared)
        if method == b"CONNECT":
            stream._connect = "requested"
    elif kind is _ResponseSent:
        stream.response_status(_pseudo_value(prepared, b":status"))
    if end_stream and machine.state is StreamState.CLOSED:
        conn._stream_completed(stream)


def _check_concurrency(conn: H2Connection) -> None:
    max_streams = conn.remote_settings.max_concurrent_streams
    open_streams = conn._store.count_open(True)
    if open_streams + 1 > max_streams:
        raise TooManyStreamsError(f"Max outbound streams is {max_streams}, {open_streams} open")


def _prepare_block(
    conn: H2Connection, stream: H2Stream, headers: Any, end_stream: bool
) -> tuple[bytes, type, list[Any]]:
    """Run the stream transitions, the pipeline and HPACK; raise before any commit."""
    config = conn.config
    machine = stream.state_machine
    if stream._connect == "connected":
        # RFC 9113 §8.5: only DATA and stream management on a connected stream.
        raise ProtocolError("Cannot send a header block on a connected stream.")
    if not isinstance(headers, list):
        headers = list(headers)
    if machine.client is not True and is_informational_response(headers):
        if end_stream:
            raise ProtocolError("Cannot set END_STREAM on informational responses.")
        events = machine.process_input(_SEND_INFORMATIONAL)
    else:
        events = machine.process_input(_SEND_HEADERS)
    kind = type(events[0])
    is_trailer = kind is _TrailersSent
    if is_trailer and not end_stream:
        raise ProtocolError("Trailers must have END_STREAM set.")
    flags = HeaderValidationFlags(
        is_client=bool(machine.client),
        is_trailer=is_trailer,
        is_response_header=kind is _ResponseSent,
        is_push_promise=False,
    )
    prepared = prepare_outbound_headers(headers, flags, config)
    if (kind is _RequestSent and not conn.remote_settings.enable_connect_protocol
            and _pseudo_value(prepared, b":protocol") is not None):
        # RFC 8441 §4: no extended CONNECT unless the server enabled it.
        raise ProtocolError("The peer has not enabled the extended CONNECT protocol.")
    if end_stream:
        machine.process_input(_SEND_END_STREAM)
    block = conn.encoder.encode(prepared)
    return block, kind, prepared


def push_stream(
    conn: H2Connection, stream_id: int, promised_stream_id: int, request_headers: Any
) -> None:
    if not conn.remote_settings.enable_push:
        raise ProtocolError("Remote peer has disabled stream push")
    conn.state_machine.check_local_input(ConnectionInputs.SEND_PUSH_PROMISE)
    store = conn._store
    parent = store.get(stream_id)
    if stream_id & 1 == store.outbound_parity:
        # RFC 9113 §8.4: pushes only on streams the client opened.
        raise ProtocolError("Cannot recursively push streams.")
    store.check_new_stream_id(promised_stream_id, outbound=True)

    machine = parent.state_machine
    snapshot = machine.snapshot()
    try:
        machine.process_input(StreamInputs.SEND_PUSH_PROMISE)
        if not isinstance(request_headers, list):
            request_headers = list(request_headers)
        flags = HeaderValidationFlags(
            is_client=False, is_trailer=False, is_response_header=False, is_push_promise=True
        )
        prepared = prepare_outbound_headers(request_headers, flags, conn.config)
        if _pseudo_value(prepared, b":method") not in _PUSHABLE_METHODS:
            # RFC 9113 §8.4: promised requests are safe and cacheable.
            raise ProtocolError("Pushed requests must use a safe, cacheable method.")
        if content_length_from_headers(prepared):
            # §8.4.1: a request with content cannot be pushed.
            raise ProtocolError("Pushed requests cannot carry content.")
        block = conn.encoder.encode(prepared)
    except BaseException:
        machine.restore(snapshot)
        raise

    conn.state_machine.feed(ConnectionInputs.SEND_PUSH_PROMISE)
    promised = conn._new_stream(promised_stream_id)
    promised.state_machine.process_input(StreamInputs.SEND_PUSH_PROMISE)
    promised.request_method = extract_method_header(prepared)
    store.add(promised, outbound=True)
    _wire.write_header_block(
        conn._out, _wire.PUSH_PROMISE, stream_id, 0,
        _wire._U32.pack(promised_stream_id), block,
        parent.max_outbound_frame_size or conn.max_outbound_frame_size,
    )
