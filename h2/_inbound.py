"""Frame dispatch: one handler per received frame type (RFC 9113 §6).

``receive_frames`` feeds bytes to the frame reader, dispatches every
complete frame by its exact class and collects the events in frame order.
A ``ProtocolError`` escaping a handler is a connection error: GOAWAY is
queued with its error code and the exception is re-raised, carrying the
events of the frames handled before it in ``events``.  Stream errors (RFC
9113 §5.4.2) are handled here: RST_STREAM is queued and, when the user
already knows the stream, a ``StreamReset(remote_reset=False)`` reported.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from hpack import HPACKError, OversizedHeaderListError
from hyperframe.frame import (
    AltSvcFrame,
    ContinuationFrame,
    DataFrame,
    ExtensionFrame,
    GoAwayFrame,
    HeadersFrame,
    PingFrame,
    PriorityFrame,
    PushPromiseFrame,
    RstStreamFrame,
    SettingsFrame,
    WindowUpdateFrame,
)

from . import _wire
from ._connection_state import ConnectionInputs
from ._flow_control import guard_increment_window
from ._frame_reader import StreamFrameError
from ._goaway import fail_connection, on_goaway
from ._header_pipeline import (
    authority_from_headers,
    is_informational_response,
    process_inbound_headers,
)
from ._header_validation import HeaderValidationFlags, content_length_from_headers
from ._ping import on_ping
from ._settings_sync import on_settings
from ._stream import H2Stream
from ._stream_state import MalformedMessageError, StreamClosedBy, StreamInputs, StreamState
from .errors import ErrorCodes, _error_code_from_int
from .events import (
    AlternativeServiceAvailable,
    Event,
    InformationalResponseReceived,
    PriorityUpdated,
    PushedStreamReceived,
    ResponseReceived,
    StreamReset,
    TrailersReceived,
    UnknownFrameReceived,
    WindowUpdated,
)
from .exceptions import (
    DenialOfServiceError,
    FlowControlError,
    NoSuchStreamError,
    ProtocolError,
    StreamClosedError,
    StreamIDTooLowError,
)

if TYPE_CHECKING:
    from .connection import H2Connection

__all__ = ["receive_frames"]

Handler = Callable[["H2Connection", Any, list[Event]], None]

_CLOSED = StreamState.CLOSED
_SEND_RST = StreamClosedBy.SEND_RST_STREAM
_RECV_RST = StreamClosedBy.RECV_RST_STREAM
_RECV_DATA = StreamInputs.RECV_DATA
_RECV_END_STREAM = StreamInputs.RECV_END_STREAM
_PROTOCOL_ERROR = ErrorCodes.PROTOCOL_ERROR
_STREAM_CLOSED = ErrorCodes.STREAM_CLOSED
_REFUSED_STREAM = ErrorCodes.REFUSED_STREAM


def receive_frames(conn: H2Connection, data: Any) -> list[Event]:
    events: list[Event] = []
    buffer = conn.incoming_buffer
    handlers = _HANDLERS
    try:
        buffer.add_data(data)
        buffer.max_frame_size = conn.max_inbound_frame_size
        logging = conn.config._logging_active
        while True:
            try:
                if logging:
                    for frame in buffer:
                        conn.config._log_debug("Received frame: %r", frame)
                        handlers[frame.__class__](conn, frame, events)
                else:
                    for frame in buffer:
                        handlers[frame.__class__](conn, frame, events)
                break
            except StreamFrameError as error:
                # The reader consumed a malformed stream-scoped frame; carry on.
                _on_stream_frame_error(conn, error, events)
    except ProtocolError as error:
        # RFC 9113 §5.4.1: connection error -> GOAWAY, then the connection is done.
        fail_connection(conn, error)
        error.events = events  # type: ignore[attr-defined]
        raise
    return events


# -- helpers ---------------------------------------------------------------------------


def _on_stream_frame_error(conn: H2Connection, error: StreamFrameError,
                           events: list[Event]) -> None:
    """A stream WINDOW_UPDATE of 0 (§6.9) or a PRIORITY of the wrong length (§6.3)."""
    is_priority = error.error_code == ErrorCodes.FRAME_SIZE_ERROR
    # The connection state comes first: a closed connection accepts nothing.
    conn.state_machine.feed(
        ConnectionInputs.RECV_PRIORITY if is_priority else ConnectionInputs.RECV_WINDOW_UPDATE
    )
    stream_id = error.stream_id
    store = conn._store
    stream = store.streams.get(stream_id)
    if stream is not None and stream.state_machine.state is not _CLOSED:
        _stream_error(conn, stream, error.error_code, events)
        return
    if stream is None and stream_id > store.highest_id_for(stream_id) and not is_priority:
        # §5.1 "idle": only HEADERS and PRIORITY may arrive on an idle stream.
        raise ProtocolError(f"Received WINDOW_UPDATE on idle stream {stream_id}")
    # A closed stream, or a malformed PRIORITY for an idle one: there is no
    # stream left to reset (§5.1 forbids RST_STREAM on idle streams).


def _decode_block(conn: H2Connection, data: bytes) -> list[Any]:
    """HPACK-decode a header block; failures are connection errors (RFC 9113 §4.3)."""
    try:
        return conn.decoder.decode(data, raw=True)
    except OversizedHeaderListError as exc:
        raise DenialOfServiceError(f"Oversized header block: {exc}") from exc
    except HPACKError as exc:
        error = ProtocolError(f"Error decoding header block: {exc}")
        error.error_code = ErrorCodes.COMPRESSION_ERROR
        raise error from exc


def _reset(conn: H2Connection, stream_id: int, error_code: ErrorCodes | int) -> None:
    conn._dos.control_frame_queued()
    _wire.write_rst_stream(conn._out, stream_id, error_code)


def _stream_error(
    conn: H2Connection, stream: H2Stream, error_code: ErrorCodes | int, events: list[Event],
    report: bool = True,
) -> None:
    """RFC 9113 §5.4.2: reset the stream; tell the user if they know the stream."""
    stream.state_machine.reset_locally()
    _reset(conn, stream.stream_id, error_code)
    if report and not stream._reset_reported:
        stream._reset_reported = True
        events.append(StreamReset(stream_id=stream.stream_id, error_code=error_code,
                                  remote_reset=False))


def _discard_data(conn: H2Connection, length: int) -> None:
    """Data that will never reach the user returns its connection credit at once."""
    increment = conn._inbound_window.process_bytes(length)
    if increment:
        conn._dos.control_frame_queued()
        _wire.write_window_update(conn._out, 0, increment)


def _closed_stream_frame(
    conn: H2Connection, stream_id: int, closed_by: StreamClosedBy | None, is_headers: bool,
    known: bool,
) -> None:
    """A HEADERS or DATA frame for a stream that is closed (RFC 9113 §5.1).

    ``known`` says whether we remember how the stream was closed.
    """
    if not is_headers or closed_by is _RECV_RST or closed_by is _SEND_RST:
        # DATA on a closed or forgotten stream (§6.1), or anything on a reset
        # stream: stream error STREAM_CLOSED (§5.1).
        _reset(conn, stream_id, _STREAM_CLOSED)
        return
    if known:
        # HEADERS after END_STREAM: connection error STREAM_CLOSED (§5.1).
        raise StreamClosedError(stream_id)
    # HEADERS on an id we have no memory of: it is below the highest id seen.
    raise StreamIDTooLowError(stream_id, conn._store.highest_id_for(stream_id))


def _priority_event(frame: HeadersFrame | PriorityFrame) -> PriorityUpdated:
    event = PriorityUpdated()
    event.stream_id = frame.stream_id
    event.weight = frame.stream_weight + 1
    event.depends_on = frame.depends_on
    event.exclusive = frame.exclusive
    return event


# -- DATA --------------------------------------------------------------------------------


def _on_data(conn: H2Connection, frame: DataFrame, events: list[Event]) -> None:
    conn.state_machine.feed(ConnectionInputs.RECV_DATA)
    stream_id = frame.stream_id
    length = frame.flow_controlled_length
    # RFC 9113 §6.9: every DATA frame counts against the connection window.
    conn._inbound_window.window_consumed(length)
    stream = conn._store.streams.get(stream_id)
    if stream is None:
        store = conn._store
        if stream_id > store.highest_id_for(stream_id):
            raise NoSuchStreamError(stream_id)
        _discard_data(conn, length)
        closed_by = store.closed_by(stream_id)
        _closed_stream_frame(conn, stream_id, closed_by, False, stream_id in store.closed_streams)
        return
    machine = stream.state_machine
    if machine.state is _CLOSED:
        _discard_data(conn, length)
        _closed_stream_frame(conn, stream_id, machine.stream_closed_by, False, True)
        return
    try:
        new_events = machine.process_input(_RECV_DATA)
    except StreamClosedError as exc:
        # Half-closed (remote): stream error STREAM_CLOSED (§5.1).
        _discard_data(conn, length)
        _reset(conn, stream_id, _STREAM_CLOSED)
        # The stream was open until now, so this is its first reset.
        stream._reset_reported = True
        events.extend(exc._events)
        return
    except MalformedMessageError:
        # DATA before the response HEADERS: a malformed message (§8.1.1).
        _discard_data(conn, length)
        _stream_error(conn, stream, _PROTOCOL_ERROR, events)
        return
    try:
        stream._inbound_window_manager.window_consumed(length)
    except FlowControlError:
        # The peer overran the stream window: a stream error (§6.9.1).
        _discard_data(conn, length)
        _stream_error(conn, stream, ErrorCodes.FLOW_CONTROL_ERROR, events)
        return
    data = frame.data
    end_stream = "END_STREAM" in frame.flags
    try:
        stream.body_received(len(data), end_stream)
    except ProtocolError:
        # Body and content-length disagree: malformed (§8.1.1).
        _discard_data(conn, length)
        _stream_error(conn, stream, _PROTOCOL_ERROR, events)
        return
    event = new_events[0]
    event.data = data  # type: ignore[attr-defined]
    event.flow_controlled_length = length  # type: ignore[attr-defined]
    events.append(event)
    if end_stream:
        ended = machine.process_input(_RECV_END_STREAM)
        event.stream_ended = ended[0]  # type: ignore[attr-defined]
        events.extend(ended)
        if machine.state is _CLOSED:
            conn._stream_completed(stream)


# -- HEADERS -----------------------------------------------------------------------------


def _on_headers(conn: H2Connection, frame: HeadersFrame, events: list[Event]) -> None:
    headers = _decode_block(conn, frame.data)
    conn.state_machine.feed(ConnectionInputs.RECV_HEADERS)
    stream_id = frame.stream_id
    store = conn._store
    stream = store.streams.get(stream_id)
    known_to_user = True
    if stream is None:
        if stream_id <= store.highest_id_for(stream_id):
            _closed_stream_frame(conn, stream_id, store.closed_by(stream_id), True,
                                 stream_id in store.closed_streams)
            return
        store.check_new_stream_id(stream_id, outbound=False)
        if conn.config.client_side:
            # RFC 9113 §5.1 "idle": HEADERS on an idle server-initiated
            # stream (one never promised) is a connection error.
            raise ProtocolError(f"Received HEADERS on idle server stream {stream_id}")
        if conn._goaway.refuses_inbound(stream_id) or (
            store.count_open(False) + 1 > conn.local_settings.max_concurrent_streams
        ):
            # RFC 9113 §5.1.2 / §6.8: refuse the stream, a stream error.
            store.remember_refused(stream_id)
            _reset(conn, stream_id, _REFUSED_STREAM)
            return
        stream = conn._new_stream(stream_id)
        store.add(stream, outbound=False)
        known_to_user = False
    machine = stream.state_machine
    if machine.state is _CLOSED:
        _closed_stream_frame(conn, stream_id, machine.stream_closed_by, True, True)
        return
    # Only the client side of a stream receives responses (RFC 9113 §8.1).
    informational = machine.client is True and is_informational_response(headers)
    try:
        new_events = machine.process_input(
            StreamInputs.RECV_INFORMATIONAL_HEADERS if informational
            else StreamInputs.RECV_HEADERS
        )
    except StreamClosedError as exc:
        # HEADERS on a half-closed (remote) stream: stream error (§5.1).
        _reset(conn, stream_id, _STREAM_CLOSED)
        # The stream was open until now, so this is its first reset.
        stream._reset_reported = True
        events.extend(exc._events)
        return
    except MalformedMessageError:
        # A 1xx block after the final response (§8.1).
        _stream_error(conn, stream, _PROTOCOL_ERROR, events, report=known_to_user)
        return
    end_stream = "END_STREAM" in frame.flags
    first = new_events[0]
    priority = "PRIORITY" in frame.flags
    try:
        if priority and frame.depends_on == stream_id:
            # RFC 9113 §5.3.1: a stream cannot depend on itself.
            raise ProtocolError("Stream cannot depend on itself")
        flags = _check_message(conn, stream, first, headers, end_stream, informational)
        processed = process_inbound_headers(headers, flags, conn.config)
    except ProtocolError:
        # A malformed request or response is a stream error (§8.1.1).
        _stream_error(conn, stream, _PROTOCOL_ERROR, events, report=known_to_user)
        return
    first.headers = processed  # type: ignore[attr-defined]
    events.append(first)
    if end_stream:
        ended = machine.process_input(_RECV_END_STREAM)
        first.stream_ended = ended[0]  # type: ignore[attr-defined]
        events.extend(ended)
        if machine.state is _CLOSED:
            conn._stream_completed(stream)
    if priority:
        priority_event = _priority_event(frame)
        first.priority_updated = priority_event  # type: ignore[attr-defined]
        events.append(priority_event)


def _pseudo_header(headers: list[Any], wanted: bytes) -> bytes | None:
    """The value of a leading pseudo-header field (RFC 9113 §8.3)."""
    for name, value in headers:
        if name[:1] != b":":
            return None
        if name == wanted:
            return value  # type: ignore[no-any-return]
    return None


#: RFC 9110 §9.2.1 safe methods: the only ones a client accepts in a push (§8.4).
_SAFE_METHODS = frozenset((b"GET", b"HEAD", b"OPTIONS", b"TRACE"))


def _check_message(
    conn: H2Connection, stream: H2Stream, first: Event, headers: list[Any],
    end_stream: bool, informational: bool,
) -> HeaderValidationFlags:
    """Message-level rules of RFC 9113 §8.1; returns the validation flags."""
    kind = first.__class__
    if stream._connect == "connected":
        # RFC 9113 §8.5: a connected stream carries only DATA (and stream
        # management frames); a header block is a stream error.
        raise MalformedMessageError("Received a header block on a connected stream")
    if informational:
        if end_stream:
            raise ProtocolError("Cannot set END_STREAM on informational responses")
    elif kind is TrailersReceived:
        if not end_stream:
            raise ProtocolError("Trailers must have END_STREAM set")
        stream.body_received(0, True)
    else:
        status = None
        if kind is ResponseReceived:
            status = _pseudo_header(headers, b":status")
            stream.response_status(status)
        elif _pseudo_header(headers, b":method") == b"CONNECT":
            stream._connect = "requested"
            if (not conn.local_settings.enable_connect_protocol
                    and _pseudo_header(headers, b":protocol") is not None):
                # RFC 8441 §3: extended CONNECT only after we enabled it.
                raise ProtocolError("Extended CONNECT was not enabled")
        stream.expect_body(headers, status)
        if end_stream:
            stream.body_received(0, True)
    return HeaderValidationFlags(
        is_client=bool(stream.state_machine.client),
        is_trailer=kind is TrailersReceived,
        is_response_header=kind is ResponseReceived or kind is InformationalResponseReceived,
        is_push_promise=False,
    )


# -- PUSH_PROMISE ----------------------------------------------------------------------------


def _on_push_promise(conn: H2Connection, frame: PushPromiseFrame, events: list[Event]) -> None:
    if not conn.local_settings.enable_push:
        # RFC 9113 §6.6: PUSH_PROMISE while push is disabled is a connection error.
        raise ProtocolError("Received pushed stream")
    headers = _decode_block(conn, frame.data)
    conn.state_machine.feed(ConnectionInputs.RECV_PUSH_PROMISE)
    store = conn._store
    parent_id = frame.stream_id
    promised_id = frame.promised_stream_id
    if parent_id & 1 != store.outbound_parity:
        raise ProtocolError("Received pushed stream on a stream we did not open")
    # RFC 9113 §5.1.1: the promised id must be new and even.
    store.check_new_stream_id(promised_id, outbound=False)
    if conn._goaway.sent_last_stream_id is not None:
        # RFC 9113 §6.8: the receiver of our GOAWAY must not open streams.
        store.remember_refused(promised_id)
        _reset(conn, promised_id, _REFUSED_STREAM)
        return
    parent = store.streams.get(parent_id)
    if parent is None:
        if store.closed_by(parent_id) is _SEND_RST:
            # §6.6: a push racing our RST_STREAM is refused, not an error.
            store.remember_refused(promised_id)
            _reset(conn, promised_id, _REFUSED_STREAM)
            return
        raise ProtocolError("Attempted to push on closed stream.")
    try:
        new_events = parent.state_machine.process_input(StreamInputs.RECV_PUSH_PROMISE)
    except StreamClosedError:
        store.remember_refused(promised_id)
        _reset(conn, promised_id, _REFUSED_STREAM)
        return
    flags = HeaderValidationFlags(
        is_client=True, is_trailer=False, is_response_header=False, is_push_promise=True
    )
    try:
        if _pseudo_header(headers, b":method") not in _SAFE_METHODS:
            raise ProtocolError("Promised request is not safe")
        if content_length_from_headers(headers):
            # §8.4: a promised request cannot carry content.
            raise ProtocolError("Promised request indicates content")
        processed = process_inbound_headers(headers, flags, conn.config)
    except ProtocolError:
        # §8.4: an invalid promised request is a stream error on the promised stream.
        store.remember_refused(promised_id)
        _reset(conn, promised_id, _PROTOCOL_ERROR)
        return
    if store.count_reserved_remote() >= conn.config.max_reserved_streams:
        # Reserved streams do not count as open (§5.1.2), but each costs
        # memory until the server answers it: refuse promises beyond a bound.
        store.remember_refused(promised_id)
        _reset(conn, promised_id, _REFUSED_STREAM)
        return
    promised = conn._new_stream(promised_id)
    promised.state_machine.process_input(StreamInputs.RECV_PUSH_PROMISE)
    promised._authority = authority_from_headers(headers)
    store.add(promised, outbound=False)
    event = new_events[0]
    assert isinstance(event, PushedStreamReceived)
    event.pushed_stream_id = promised_id
    event.headers = processed
    events.append(event)


# -- control frames ------------------------------------------------------------------------


def _on_rst_stream(conn: H2Connection, frame: RstStreamFrame, events: list[Event]) -> None:
    conn.state_machine.feed(ConnectionInputs.RECV_RST_STREAM)
    stream_id = frame.stream_id
    store = conn._store
    stream = store.streams.get(stream_id)
    if stream is None:
        if stream_id > store.highest_id_for(stream_id):
            # RFC 9113 §6.4: RST_STREAM on an idle stream is a connection error.
            raise ProtocolError(f"Received RST_STREAM on idle stream {stream_id}")
        return
    machine = stream.state_machine
    if machine.state is _CLOSED:
        return
    if stream_id & 1 != store.outbound_parity:
        # A stream the peer opened and reset before it completed (rapid reset).
        conn._dos.stream_reset_early()
    new_events = machine.process_input(StreamInputs.RECV_RST_STREAM)
    event = new_events[0]
    event.error_code = _error_code_from_int(frame.error_code)  # type: ignore[attr-defined]
    events.append(event)


def _on_window_update(conn: H2Connection, frame: WindowUpdateFrame, events: list[Event]) -> None:
    conn.state_machine.feed(ConnectionInputs.RECV_WINDOW_UPDATE)
    stream_id = frame.stream_id
    increment = frame.window_increment
    if not stream_id:
        conn.outbound_flow_control_window = guard_increment_window(
            conn.outbound_flow_control_window, increment
        )
        events.append(WindowUpdated(stream_id=0, delta=increment))
        return
    store = conn._store
    stream = store.streams.get(stream_id)
    if stream is None:
        if stream_id > store.highest_id_for(stream_id):
            # RFC 9113 §5.1: WINDOW_UPDATE on an idle stream.
            raise NoSuchStreamError(stream_id)
        return
    machine = stream.state_machine
    if machine.state is _CLOSED:
        return
    new_events = machine.process_input(StreamInputs.RECV_WINDOW_UPDATE)
    try:
        stream.increase_outbound_window(increment)
    except FlowControlError:
        # RFC 9113 §6.9.1: overflowing a stream window is a stream error.
        _stream_error(conn, stream, ErrorCodes.FLOW_CONTROL_ERROR, events)
        return
    event = new_events[0]
    event.delta = increment  # type: ignore[attr-defined]
    events.append(event)


def _on_priority(conn: H2Connection, frame: PriorityFrame, events: list[Event]) -> None:
    conn.state_machine.feed(ConnectionInputs.RECV_PRIORITY)
    stream_id = frame.stream_id
    if frame.depends_on == stream_id:
        stream = conn._store.streams.get(stream_id)
        if stream is None or stream.state_machine.state is _CLOSED:
            # No stream to reset (an idle id cannot carry RST_STREAM, §6.4).
            raise ProtocolError("Stream cannot depend on itself")
        # RFC 9113 §5.3.1: a stream error on a live stream.
        _stream_error(conn, stream, _PROTOCOL_ERROR, events)
        return
    events.append(_priority_event(frame))


def _on_continuation(conn: H2Connection, frame: ContinuationFrame, events: list[Event]) -> None:
    # RFC 9113 §6.10: CONTINUATION must follow a HEADERS/PUSH_PROMISE/CONTINUATION
    # without END_HEADERS; anything else is a connection error PROTOCOL_ERROR.
    raise ProtocolError("Received unexpected CONTINUATION frame")


def _on_altsvc(conn: H2Connection, frame: AltSvcFrame, events: list[Event]) -> None:
    conn.state_machine.feed(ConnectionInputs.RECV_ALTERNATIVE_SERVICE)
    stream_id = frame.stream_id
    if not stream_id:
        # RFC 7838 §4: on stream 0 the origin is required; servers ignore ALTSVC.
        if frame.origin and conn.config.client_side:
            events.append(_altsvc_event(frame.origin, frame.field))
        return
    stream = conn._store.streams.get(stream_id)
    if stream is None or frame.origin:
        # §4: an origin on a non-zero stream, or an unknown stream: ignore.
        return
    new_events = stream.state_machine.process_input(StreamInputs.RECV_ALTERNATIVE_SERVICE)
    if new_events:
        event = new_events[0]
        event.origin = stream._authority  # type: ignore[attr-defined]
        event.field_value = frame.field  # type: ignore[attr-defined]
        events.append(event)


def _altsvc_event(origin: bytes, field_value: bytes) -> Event:
    event = AlternativeServiceAvailable()
    event.origin = origin
    event.field_value = field_value
    return event


def _on_unknown(conn: H2Connection, frame: ExtensionFrame, events: list[Event]) -> None:
    # RFC 9113 §5.5: unknown frame types are ignored (and reported).
    events.append(UnknownFrameReceived(frame=frame))


_HANDLERS: dict[type, Handler] = {
    DataFrame: _on_data,
    HeadersFrame: _on_headers,
    PriorityFrame: _on_priority,
    RstStreamFrame: _on_rst_stream,
    SettingsFrame: on_settings,
    PushPromiseFrame: _on_push_promise,
    PingFrame: on_ping,
    GoAwayFrame: on_goaway,
    WindowUpdateFrame: _on_window_update,
    ContinuationFrame: _on_continuation,
    AltSvcFrame: _on_altsvc,
    ExtensionFrame: _on_unknown,
}
