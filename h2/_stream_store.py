"""Live streams, the bounded memory of closed ones, and stream-id rules.

RFC 9113 §5.1.1: stream ids are odd for client-initiated and even for
server-initiated streams and strictly increase per direction; an unused id
below the highest one is implicitly closed.  Closed streams stay in
``streams`` until the open-stream counts are read (that is when they are
purged, as the compatibility contract says), then only their closing cause
is remembered, for at most ``max_closed_streams`` ids.
"""

from __future__ import annotations

from ._size_limit_dict import SizeLimitDict
from ._stream import H2Stream
from ._stream_state import StreamClosedBy, StreamState
from .exceptions import (
    NoAvailableStreamIDError,
    NoSuchStreamError,
    ProtocolError,
    StreamClosedError,
    StreamIDTooLowError,
)

__all__ = ["HIGHEST_ALLOWED_STREAM_ID", "StreamStore"]

HIGHEST_ALLOWED_STREAM_ID = 2**31 - 1

_CLOSED = StreamState.CLOSED
_OPEN, _HALF_LOCAL, _HALF_REMOTE = (
    StreamState.OPEN, StreamState.HALF_CLOSED_LOCAL, StreamState.HALF_CLOSED_REMOTE
)


class StreamStore:
    """Streams of one connection, indexed by id."""

    __slots__ = (
        "closed_streams",
        "highest_inbound_stream_id",
        "highest_outbound_stream_id",
        "outbound_parity",
        "streams",
    )

    def __init__(self, client_side: bool, max_closed_streams: int) -> None:
        self.streams: dict[int, H2Stream] = {}
        #: id -> how it was closed, for purged streams (bounded).
        self.closed_streams: SizeLimitDict[int, StreamClosedBy | None] = SizeLimitDict(
            size_limit=max_closed_streams
        )
        self.highest_inbound_stream_id = 0
        self.highest_outbound_stream_id = 0
        #: 1 when our streams are odd (client), 0 when even (server).
        self.outbound_parity = 1 if client_side else 0

    # -- lookup ----------------------------------------------------------------------

    def get(self, stream_id: int | None) -> H2Stream:
        """The live stream ``stream_id``.

        Raises ``NoSuchStreamError`` for an id above the highest seen in its
        direction (idle) and ``StreamClosedError`` for one at or below it
        (closed, purged or implicitly closed).
        """
        stream = self.streams.get(stream_id)  # type: ignore[arg-type]
        if stream is not None:
            return stream
        if not stream_id:
            raise NoSuchStreamError(-1)
        if stream_id > self.highest_id_for(stream_id):
            raise NoSuchStreamError(stream_id)
        raise StreamClosedError(stream_id)

    def highest_id_for(self, stream_id: int) -> int:
        """The highest id seen in the direction ``stream_id`` belongs to."""
        if stream_id & 1 == self.outbound_parity:
            return self.highest_outbound_stream_id
        return self.highest_inbound_stream_id

    def closed_by(self, stream_id: int) -> StreamClosedBy | None:
        """How a purged stream was closed (``None`` if unknown or forgotten)."""
        return self.closed_streams.get(stream_id)

    # -- creation ----------------------------------------------------------------------

    def check_new_stream_id(self, stream_id: int, outbound: bool) -> None:
        """Raise unless ``stream_id`` may open a new stream in that direction."""
        if outbound:
            highest = self.highest_outbound_stream_id
            parity = self.outbound_parity
        else:
            highest = self.highest_inbound_stream_id
            parity = 1 - self.outbound_parity
        if stream_id <= highest:
            raise StreamIDTooLowError(stream_id, highest)
        if stream_id & 1 != parity or stream_id > HIGHEST_ALLOWED_STREAM_ID:
            raise ProtocolError("Invalid stream ID for peer.")

    def add(self, stream: H2Stream, outbound: bool) -> None:
        """Register a stream whose id passed :meth:`check_new_stream_id`."""
        self.streams[stream.stream_id] = stream
        if outbound:
            self.highest_outbound_stream_id = stream.stream_id
        else:
            self.highest_inbound_stream_id = stream.stream_id

    def remember_refused(self, stream_id: int) -> None:
        """A peer's new stream was refused before it was created."""
        self.highest_inbound_stream_id = stream_id
        self.closed_streams[stream_id] = StreamClosedBy.SEND_RST_STREAM

    def next_available_stream_id(self) -> int:
        highest = self.highest_outbound_stream_id
        next_id = highest + 2 if highest else (1 if self.outbound_parity else 2)
        if next_id > HIGHEST_ALLOWED_STREAM_ID:
            raise NoAvailableStreamIDError("Exhausted allowed stream IDs")
        return next_id

    # -- counting and purging ----------------------------------------------------------

    def count_reserved_remote(self) -> int:
        """Streams the peer promised and has not started answering yet."""
        reserved = StreamState.RESERVED_REMOTE
        return sum(1 for stream in self.streams.values()
                   if stream.state_machine.state is reserved)

    def count_open(self, outbound: bool) -> int:
        """Open or half-closed streams in one direction; purges closed streams."""
        parity = self.outbound_parity if outbound else 1 - self.outbound_parity
        count = 0
        closed: list[int] = []
        for stream_id, stream in self.streams.items():
            state = stream.state_machine.state
            if state is _CLOSED:
                closed.append(stream_id)
            elif stream_id & 1 == parity and (
                state is _OPEN or state is _HALF_REMOTE or state is _HALF_LOCAL
            ):
                count += 1
        streams = self.streams
        if closed:
            memory = self.closed_streams
            for stream_id in closed:
                memory[stream_id] = streams.pop(stream_id).state_machine.stream_closed_by
        return count
