"""``H2Connection``: the public face of an HTTP/2 connection (RFC 9113).

The class is deliberately thin: it checks arguments, consults the state
machines and hands the work to one-job modules: ``_outbound`` (header
blocks we send), ``_inbound`` (frame dispatch), ``_settings_sync``,
``_ping``, ``_goaway``, ``_stream_store`` and ``_wire`` (serialisation).

User mistakes raise without queuing anything and without changing the
connection or stream state (the incumbent closed the connection, or left a
stream half-transitioned).
"""

from __future__ import annotations

import base64
import binascii
from collections import deque
from collections.abc import Iterable
from typing import Any

from hpack.hpack import Decoder, Encoder
from hyperframe.exceptions import HyperframeError
from hyperframe.frame import SettingsFrame

from . import _outbound, _wire
from ._connection_state import (
    AllowedStreamIDs,
    ConnectionInputs,
    ConnectionState,
    H2ConnectionStateMachine,
)
from ._dos import DosGuard
from ._flow_control import WindowManager
from ._frame_reader import FrameBuffer
from ._goaway import GoawayState, send_goaway
from ._inbound import receive_frames
from ._ping import send_ping
from ._settings_sync import apply_remote_settings, send_initial_settings, update_settings
from ._stream import H2Stream
from ._stream_state import StreamInputs, StreamState
from ._stream_store import StreamStore
from .config import H2Configuration
from .errors import ErrorCodes
from .events import Event
from .exceptions import (
    FlowControlError,
    FrameTooLargeError,
    NoSuchStreamError,
    ProtocolError,
    RFC1122Error,
    StreamClosedError,
)
from .settings import SettingCodes, Settings

__all__ = [
    "AllowedStreamIDs",
    "ConnectionInputs",
    "ConnectionState",
    "H2Connection",
    "H2ConnectionStateMachine",
]

_PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
_CLOSED = StreamState.CLOSED
_INITIAL_CONNECTION_WINDOW = 65535


class _UnknownStreamError(NoSuchStreamError, KeyError):
    """``NoSuchStreamError`` that ``except KeyError`` also catches.

    The incumbent leaked ``KeyError`` from ``send_data``/``end_stream``/
    ``increment_flow_control_window`` on unknown ids and servers catch it.
    """

    def __str__(self) -> str:
        return NoSuchStreamError.__str__(self)


class _ClosedStreamError(StreamClosedError, KeyError):
    """``StreamClosedError`` that ``except KeyError`` also catches."""

    def __str__(self) -> str:
        return StreamClosedError.__str__(self)


class H2Connection:
    """A sans-I/O HTTP/2 connection endpoint (client or server)."""

    DEFAULT_MAX_OUTBOUND_FRAME_SIZE = 65535
    DEFAULT_MAX_INBOUND_FRAME_SIZE = 2**24
    HIGHEST_ALLOWED_STREAM_ID = 2**31 - 1
    MAX_WINDOW_INCREMENT = 2**31 - 1
    DEFAULT_MAX_HEADER_LIST_SIZE = 2**16
    MAX_CLOSED_STREAMS = 2**16

    def __init__(self, config: H2Configuration | None = None) -> None:
        if config is None:
            config = H2Configuration(client_side=True)
        self.config = config
        client_side = config.client_side
        self.state_machine = H2ConnectionStateMachine()
        self._store = StreamStore(client_side, self.MAX_CLOSED_STREAMS)
        self.encoder = Encoder()
        self.decoder = Decoder(max_header_list_size=self.DEFAULT_MAX_HEADER_LIST_SIZE)
        self.local_settings = Settings(
            client=client_side,
            initial_values={
                SettingCodes.MAX_CONCURRENT_STREAMS: 100,
                SettingCodes.MAX_HEADER_LIST_SIZE: self.DEFAULT_MAX_HEADER_LIST_SIZE,
            },
        )
        self.remote_settings = Settings(client=not client_side)
        # RFC 9113 §6.9.2: the connection windows start at 65535 whatever the settings.
        self.outbound_flow_control_window = _INITIAL_CONNECTION_WINDOW
        self.max_outbound_frame_size = self.remote_settings.max_frame_size
        self.max_inbound_frame_size = self.local_settings.max_frame_size
        self.incoming_buffer = FrameBuffer(
            server=not client_side,
            max_continuation_frames=config.max_continuation_frames,
            max_header_block_size=config.max_header_block_size,
            max_empty_frames=config.max_empty_frames,
        )
        self._inbound_window = WindowManager(_INITIAL_CONNECTION_WINDOW)
        self._out = bytearray()
        self._dos = DosGuard(config)
        self._goaway = GoawayState()
        # For each SETTINGS frame we sent and the peer has not ACKed yet: its
        # keys, and whether it was the first one (initiate_connection).
        self._unacked_settings: deque[tuple[list[SettingCodes | int], bool]] = deque()

    # -- plain attributes backed by the stream store ---------------------------------

    @property
    def streams(self) -> dict[int, H2Stream]:
        return self._store.streams

    @streams.setter
    def streams(self, value: dict[int, H2Stream]) -> None:
        self._store.streams = value

    @property
    def highest_inbound_stream_id(self) -> int:
        return self._store.highest_inbound_stream_id

    @highest_inbound_stream_id.setter
    def highest_inbound_stream_id(self, value: int) -> None:
        self._store.highest_inbound_stream_id = value

    @property
    def highest_outbound_stream_id(self) -> int:
        return self._store.highest_outbound_stream_id

    @highest_outbound_stream_id.setter
    def highest_outbound_stream_id(self, value: int) -> None:
        self._store.highest_outbound_stream_id = value

    @property
    def open_outbound_streams(self) -> int:
        """Our streams that are open or half-closed (purges closed streams)."""
        return self._store.count_open(True)

    @property
    def open_inbound_streams(self) -> int:
        """The peer's streams that are open or half-closed (purges closed streams)."""
        return self._store.count_open(False)

    @property
    def inbound_flow_control_window(self) -> int:
        """The connection receive window: what the peer may still send."""
        return self._inbound_window.current_window_size

    # -- internal helpers shared by the one-job modules ------------------------------

    def _new_stream(self, stream_id: int) -> H2Stream:
        stream = H2Stream(
            stream_id,
            self.config,
            self.local_settings.initial_window_size,
            self.remote_settings.initial_window_size,
        )
        stream.max_outbound_frame_size = self.max_outbound_frame_size
        return stream

    def _stream_completed(self, stream: H2Stream) -> None:
        if stream.stream_id & 1 != self._store.outbound_parity:
            self._dos.stream_completed()

    def _lookup_for_user(self, stream_id: int) -> H2Stream:
        """Stream lookup whose errors ``except KeyError`` also catches."""
        try:
            return self._store.get(stream_id)
        except StreamClosedError as exc:
            raise _ClosedStreamError(exc.stream_id) from None
        except NoSuchStreamError as exc:
            raise _UnknownStreamError(exc.stream_id) from None

    def _local_stream_input(self, stream: H2Stream, *inputs: StreamInputs) -> None:
        """Run our own stream inputs; a refused input leaves the stream untouched."""
        machine = stream.state_machine
        snapshot = machine.snapshot()
        try:
            for input_ in inputs:
                machine.process_input(input_)
        except BaseException:
            machine.restore(snapshot)
            raise

    def _begin_new_stream(self, stream_id: int, allowed_ids: AllowedStreamIDs) -> H2Stream:
        """Create and register a stream (compatibility helper used by tests)."""
        outbound = int(allowed_ids) == self._store.outbound_parity
        self._store.check_new_stream_id(stream_id, outbound)
        stream = self._new_stream(stream_id)
        self._store.add(stream, outbound)
        return stream

    def _get_stream_by_id(self, stream_id: int | None) -> H2Stream:
        return self._store.get(stream_id)

    # -- starting the connection -------------------------------------------------------

    def initiate_connection(self) -> None:
        """Queue the client preface (clients) and our SETTINGS (RFC 9113 §3.4)."""
        self.state_machine.check_local_input(ConnectionInputs.SEND_SETTINGS)
        if self.config.client_side:
            self._out += _PREFACE
        send_initial_settings(self)

    def initiate_upgrade_connection(
        self, settings_header: bytes | str | None = None
    ) -> bytes | None:
        """Start a connection upgraded from HTTP/1.1 (h2c, RFC 7540 §3.2)."""
        if self.config.client_side:
            self.initiate_connection()
            local = self.local_settings
            payload = _wire.settings_payload({int(key): local[key] for key in local})
            self.state_machine.feed(ConnectionInputs.SEND_HEADERS)
            stream = self._new_stream(1)
            stream.state_machine.process_input(StreamInputs.UPGRADE_CLIENT)
            self._store.add(stream, outbound=True)
            return base64.urlsafe_b64encode(payload)

        entries = self._parse_settings_header(settings_header) if settings_header else None
        self.initiate_connection()
        if entries is not None:
            # Applied like a received SETTINGS frame, minus event and ACK.
            apply_remote_settings(self, entries)
        self.state_machine.feed(ConnectionInputs.RECV_HEADERS)
        stream = self._new_stream(1)
        stream.state_machine.process_input(StreamInputs.UPGRADE_SERVER)
        self._store.add(stream, outbound=False)
        return None

    def _parse_settings_header(self, settings_header: bytes | str) -> dict[int, int]:
        try:
            raw = settings_header
            if isinstance(raw, str):
                raw = raw.encode("ascii")
            payload = base64.urlsafe_b64decode(raw + b"=" * (-len(raw) % 4))
            frame = SettingsFrame(0)
            frame.parse_body(memoryview(payload))
        except (binascii.Error, ValueError, HyperframeError) as exc:  # incl. UnicodeError
            raise ProtocolError(f"Invalid HTTP2-Settings header: {exc}") from None
        for key, value in frame.settings.items():
            self.remote_settings.validate_received_setting(key, value)
        return dict(frame.settings)

    # -- sending -------------------------------------------------------------------------

    def get_next_available_stream_id(self) -> int:
        return self._store.next_available_stream_id()

    def send_headers(
        self,
        stream_id: int,
        headers: Iterable[Any],
        end_stream: bool = False,
        priority_weight: int | None = None,
        priority_depends_on: int | None = None,
        priority_exclusive: bool | None = None,
    ) -> None:
        """Send a request, response, informational response or trailers."""
        _outbound.send_headers(self, stream_id, headers, end_stream, priority_weight,
                               priority_depends_on, priority_exclusive)

    def send_data(
        self,
        stream_id: int,
        data: bytes | memoryview,
        end_stream: bool = False,
        pad_length: Any = None,
    ) -> None:
        """Send one DATA frame; never split, never buffered (RFC 9113 §6.1)."""
        frame_size = len(data)
        if pad_length is not None:
            if not isinstance(pad_length, int):
                raise TypeError("pad_length must be an int")
            if not 0 <= pad_length <= 255:
                raise ValueError("pad_length must be within range: [0, 255]")
            frame_size += pad_length + 1
        stream = self._lookup_for_user(stream_id)
        if frame_size:
            window = min(self.outbound_flow_control_window, stream.outbound_flow_control_window)
            if frame_size > window:
                raise FlowControlError(
                    f"Cannot send {frame_size} bytes, flow control window is {window}"
                )
            max_size = stream.max_outbound_frame_size or self.max_outbound_frame_size
            if frame_size > max_size:
                raise FrameTooLargeError(
                    f"Cannot send frame size {frame_size}, max frame size is {max_size}"
                )
        self.state_machine.check_local_input(ConnectionInputs.SEND_DATA)
        if end_stream:
            self._local_stream_input(stream, StreamInputs.SEND_DATA, StreamInputs.SEND_END_STREAM)
        else:
            self._local_stream_input(stream, StreamInputs.SEND_DATA)
        _wire.write_data(self._out, stream_id, data, end_stream, pad_length)
        self.outbound_flow_control_window -= frame_size
        stream.outbound_flow_control_window -= frame_size
        if end_stream and stream.state_machine.state is _CLOSED:
            self._stream_completed(stream)

    def end_stream(self, stream_id: int) -> None:
        """End our side of the stream with an empty DATA frame."""
        self.state_machine.check_local_input(ConnectionInputs.SEND_DATA)
        stream = self._lookup_for_user(stream_id)
        self._local_stream_input(stream, StreamInputs.SEND_END_STREAM)
        _wire.write_data(self._out, stream_id, b"", True, None)
        if stream.state_machine.state is _CLOSED:
            self._stream_completed(stream)

    def push_stream(
        self, stream_id: int, promised_stream_id: int, request_headers: Iterable[Any]
    ) -> None:
        """Promise a pushed response (RFC 9113 §8.4)."""
        _outbound.push_stream(self, stream_id, promised_stream_id, request_headers)

    def increment_flow_control_window(self, increment: int, stream_id: int | None = None) -> None:
        """Give the peer more receive credit (RFC 9113 §6.9)."""
        if not isinstance(increment, int) or not 1 <= increment <= self.MAX_WINDOW_INCREMENT:
            raise ValueError(
                f"Flow control increment must be between 1 and {self.MAX_WINDOW_INCREMENT}"
            )
        self.state_machine.check_local_input(ConnectionInputs.SEND_WINDOW_UPDATE)
        if stream_id:
            stream = self._lookup_for_user(stream_id)
            self._local_stream_input(stream, StreamInputs.SEND_WINDOW_UPDATE)
            stream._inbound_window_manager.window_opened(increment)
        else:
            self._inbound_window.window_opened(increment)
            stream_id = 0
        _wire.write_window_update(self._out, stream_id, increment)

    def ping(self, opaque_data: bytes) -> None:
        """Send a PING with 8 bytes of opaque data (RFC 9113 §6.7)."""
        send_ping(self, opaque_data)

    def reset_stream(self, stream_id: int, error_code: ErrorCodes | int = 0) -> None:
        """Reset a stream with RST_STREAM (RFC 9113 §6.4)."""
        if not isinstance(error_code, int) or not 0 <= error_code <= 0xFFFFFFFF:
            raise ValueError(f"Invalid error code {error_code!r}")
        self.state_machine.check_local_input(ConnectionInputs.SEND_RST_STREAM)
        stream = self._store.get(stream_id)
        self._local_stream_input(stream, StreamInputs.SEND_RST_STREAM)
        _wire.write_rst_stream(self._out, stream_id, error_code)

    def close_connection(
        self,
        error_code: ErrorCodes | int = 0,
        additional_data: bytes | None = None,
        last_stream_id: int | None = None,
    ) -> None:
        """Send GOAWAY (RFC 9113 §6.8); NO_ERROR starts a graceful shutdown."""
        send_goaway(self, error_code, additional_data, last_stream_id)

    def update_settings(self, new_settings: dict[SettingCodes | int, int]) -> None:
        """Send new local settings; they apply when the peer acknowledges them."""
        update_settings(self, new_settings)

    def advertise_alternative_service(
        self,
        field_value: bytes,
        origin: bytes | None = None,
        stream_id: int | None = None,
    ) -> None:
        """Send ALTSVC (RFC 7838 §4) for an origin or for a stream."""
        if not isinstance(field_value, bytes):
            raise ValueError("Field must be bytestring.")
        if origin is not None and stream_id is not None:
            raise ValueError("Must not provide both origin and stream_id")
        if origin is not None and not isinstance(origin, bytes):
            raise ValueError("Origin must be bytestring.")
        target = self.state_machine.check_local_input(ConnectionInputs.SEND_ALTERNATIVE_SERVICE)
        if origin is not None:
            self.state_machine.state = target
            _wire.write_altsvc(self._out, 0, origin, field_value)
            return
        stream = self._store.get(stream_id)
        self._local_stream_input(stream, StreamInputs.SEND_ALTERNATIVE_SERVICE)
        self.state_machine.state = target
        _wire.write_altsvc(self._out, stream.stream_id, b"", field_value)

    def prioritize(
        self,
        stream_id: int,
        weight: int | None = None,
        depends_on: int | None = None,
        exclusive: bool | None = None,
    ) -> None:
        """Send a PRIORITY frame (RFC 7540 §5.3 signalling; clients only)."""
        if not self.config.client_side:
            raise RFC1122Error("Servers SHOULD NOT prioritize streams.")
        if not isinstance(stream_id, int) or not 0 < stream_id <= self.HIGHEST_ALLOWED_STREAM_ID:
            raise ProtocolError(f"Cannot prioritize stream {stream_id!r}")
        real_weight, real_depends_on, real_exclusive = _outbound.priority_fields(
            stream_id, weight, depends_on, exclusive
        )
        self.state_machine.check_local_input(ConnectionInputs.SEND_PRIORITY)
        _wire.write_priority(self._out, stream_id, real_depends_on, real_weight, real_exclusive)

    # -- flow-control queries and credit -----------------------------------------------

    def local_flow_control_window(self, stream_id: int) -> int:
        """How many bytes we may send on the stream now (may be negative)."""
        stream = self._store.get(stream_id)
        return min(self.outbound_flow_control_window, stream.outbound_flow_control_window)

    def remote_flow_control_window(self, stream_id: int) -> int:
        """How many bytes the peer may send on the stream now."""
        stream = self._store.get(stream_id)
        return min(self._inbound_window.current_window_size,
                   stream._inbound_window_manager.current_window_size)

    def acknowledge_received_data(self, acknowledged_size: int, stream_id: int) -> None:
        """The application consumed ``acknowledged_size`` flow-controlled bytes."""
        if stream_id <= 0:
            raise ValueError(f"Stream ID {stream_id} is not valid for acknowledge_received_data")
        if acknowledged_size < 0:
            raise ValueError("Cannot acknowledge negative data")
        machine = self.state_machine
        if machine.state is ConnectionState.CLOSED and not machine.draining:
            # RFC 9113 §5.4.1: after a connection error nothing but GOAWAY is sent.
            return
        # Look the stream up first: an unknown id must not eat connection credit.
        stream: H2Stream | None
        try:
            stream = self._store.get(stream_id)
        except StreamClosedError:
            stream = None
        increment = self._inbound_window.process_bytes(acknowledged_size)
        if increment:
            _wire.write_window_update(self._out, 0, increment)
        if stream is not None and stream.open:
            increment = stream._inbound_window_manager.process_bytes(acknowledged_size)
            if increment:
                _wire.write_window_update(self._out, stream_id, increment)

    # -- the byte streams -------------------------------------------------------------------

    def data_to_send(self, amount: int | None = None) -> bytes:
        """Take up to ``amount`` bytes (all when ``None``) of queued output."""
        out = self._out
        if amount is None or amount >= len(out):
            data = bytes(out)
            out.clear()
            self._dos.output_collected()
            return data
        data = bytes(out[:amount])
        del out[:amount]
        return data

    def clear_outbound_data_buffer(self) -> None:
        """Discard all queued output."""
        self._out.clear()
        self._dos.output_collected()

    def receive_data(self, data: bytes | bytearray | memoryview) -> list[Event]:
        """Process received bytes and return the events they produced.

        A connection error queues GOAWAY and raises; the exception's
        ``events`` attribute holds the events of the frames handled before
        the failing one.
        """
        return receive_frames(self, data)
