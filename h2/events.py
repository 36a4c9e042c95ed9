"""Events returned by ``H2Connection.receive_data`` (API contract §5.5).

Two construction styles exist, both part of the public API:

* *dataclass events* take keyword-only arguments, compare by value and are
  unhashable.  Fields that h2 fills in after creating the event default to
  the private ``_LAZY_INIT`` sentinel.
* *plain events* take no arguments; h2 assigns their attributes afterwards.

Every class defined here subclasses :class:`Event`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from h2._sentinels import LAZY_INIT
from h2.settings import ChangedSetting, SettingCodes, _setting_code_from_int

if TYPE_CHECKING:
    from collections.abc import Mapping

    from h2.errors import ErrorCodes

__all__ = [
    "AlternativeServiceAvailable",
    "ConnectionTerminated",
    "DataReceived",
    "Event",
    "InformationalResponseReceived",
    "PingAckReceived",
    "PingReceived",
    "PriorityUpdated",
    "PushedStreamReceived",
    "RemoteSettingsChanged",
    "RequestReceived",
    "ResponseReceived",
    "SettingsAcknowledged",
    "StreamEnded",
    "StreamReset",
    "TrailersReceived",
    "UnknownFrameReceived",
    "WindowUpdated",
]

#: A header field as carried by events: a ``HeaderTuple`` (or any 2-tuple).
Header = tuple[Any, ...]


#: Default of the fields h2 fills in after creating an event.
_LAZY_INIT: Final[Any] = LAZY_INIT


def _hex_prefix(data: object) -> str:
    """Hex digits of the first 20 bytes of ``data``, or "" when it holds no bytes."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data[:20]).hex()
    return ""


class Event:
    """Base class for all h2 events."""


def _headers_repr(name: str, stream_id: int, headers: object) -> str:
    return f"<{name} stream_id:{stream_id}, headers:{headers!r}>"


@dataclass(kw_only=True)
class RequestReceived(Event):
    """A complete request header block arrived on a stream the peer opened."""

    stream_id: int
    headers: list[Header] = _LAZY_INIT
    stream_ended: StreamEnded | None = None
    priority_updated: PriorityUpdated | None = None

    def __repr__(self) -> str:
        return _headers_repr("RequestReceived", self.stream_id, self.headers)


@dataclass(kw_only=True)
class ResponseReceived(Event):
    """The first final (non-1xx) response header block of a stream arrived."""

    stream_id: int
    headers: list[Header] = _LAZY_INIT
    stream_ended: StreamEnded | None = None
    priority_updated: PriorityUpdated | None = None

    def __repr__(self) -> str:
        return _headers_repr("ResponseReceived", self.stream_id, self.headers)


@dataclass(kw_only=True)
class TrailersReceived(Event):
    """A trailer header block arrived (it always ends the stream)."""

    stream_id: int
    headers: list[Header] = _LAZY_INIT
    stream_ended: StreamEnded | None = None
    priority_updated: PriorityUpdated | None = None

    def __repr__(self) -> str:
        return _headers_repr("TrailersReceived", self.stream_id, self.headers)


@dataclass(kw_only=True)
class InformationalResponseReceived(Event):
    """An informational (1xx) response header block arrived."""

    stream_id: int
    headers: list[Header] = _LAZY_INIT
    priority_updated: PriorityUpdated | None = None

    def __repr__(self) -> str:
        return _headers_repr("InformationalResponseReceived", self.stream_id, self.headers)


@dataclass(kw_only=True)
class DataReceived(Event):
    """A DATA frame arrived.

    ``flow_controlled_length`` (not ``len(data)``) is the amount to pass to
    ``acknowledge_received_data``: it includes padding.
    """

    stream_id: int
    data: bytes = _LAZY_INIT
    flow_controlled_length: int = _LAZY_INIT
    stream_ended: StreamEnded | None = None

    def __repr__(self) -> str:
        return (
            f"<DataReceived stream_id:{self.stream_id}, "
            f"flow_controlled_length:{self.flow_controlled_length}, "
            f"data:{_hex_prefix(self.data)}>"
        )


@dataclass(kw_only=True)
class WindowUpdated(Event):
    """A WINDOW_UPDATE was applied; ``stream_id`` 0 means the connection window."""

    stream_id: int
    delta: int = _LAZY_INIT

    def __repr__(self) -> str:
        return f"<WindowUpdated stream_id:{self.stream_id}, delta:{self.delta}>"


def _settings_repr(name: str, changed: Mapping[Any, ChangedSetting]) -> str:
    body = ", ".join(repr(value) for value in changed.values())
    return f"<{name} changed_settings:{{{body}}}>"


class RemoteSettingsChanged(Event):
    """The peer sent a (non-ACK) SETTINGS frame.

    ``changed_settings`` maps each setting of the frame to a ``ChangedSetting``,
    even when its value did not change.
    """

    def __init__(self) -> None:
        self.changed_settings: dict[SettingCodes | int, ChangedSetting] = {}

    @classmethod
    def from_settings(
        cls,
        old_settings: Mapping[Any, int] | Any,
        new_settings: Mapping[int, int],
    ) -> RemoteSettingsChanged:
        """Build the event from the settings before a frame and the frame's entries."""
        event = cls()
        changed = event.changed_settings
        for code, value in new_settings.items():
            key = _setting_code_from_int(code)
            changed[key] = ChangedSetting(key, old_settings.get(key), value)
        return event

    def __repr__(self) -> str:
        return _settings_repr("RemoteSettingsChanged", self.changed_settings)


@dataclass(kw_only=True)
class PingReceived(Event):
    """A PING without ACK arrived (h2 has already queued the ACK)."""

    ping_data: bytes

    def __repr__(self) -> str:
        return f"<PingReceived ping_data:{_hex_prefix(self.ping_data)}>"


@dataclass(kw_only=True)
class PingAckReceived(Event):
    """A PING with ACK arrived."""

    ping_data: bytes

    def __repr__(self) -> str:
        return f"<PingAckReceived ping_data:{_hex_prefix(self.ping_data)}>"


@dataclass(kw_only=True)
class StreamEnded(Event):
    """The peer ended its side of a stream (END_STREAM)."""

    stream_id: int

    def __repr__(self) -> str:
        return f"<StreamEnded stream_id:{self.stream_id}>"


@dataclass(kw_only=True)
class StreamReset(Event):
    """A stream was reset: by the peer (``remote_reset``) or by h2 itself."""

    stream_id: int
    error_code: ErrorCodes | int = _LAZY_INIT
    remote_reset: bool = True

    def __repr__(self) -> str:
        return (
            f"<StreamReset stream_id:{self.stream_id}, error_code:{self.error_code!s}, "
            f"remote_reset:{self.remote_reset}>"
        )


class PushedStreamReceived(Event):
    """The server promised a pushed stream (PUSH_PROMISE)."""

    def __init__(self) -> None:
        self.pushed_stream_id: int | None = None
        self.parent_stream_id: int | None = None
        self.headers: list[Header] | None = None

    def __repr__(self) -> str:
        return (
            f"<PushedStreamReceived pushed_stream_id:{self.pushed_stream_id}, "
            f"parent_stream_id:{self.parent_stream_id}, headers:{self.headers!r}>"
        )


class SettingsAcknowledged(Event):
    """The peer acknowledged our SETTINGS; lists the local settings applied."""

    def __init__(self) -> None:
        self.changed_settings: dict[SettingCodes | int, ChangedSetting] = {}

    def __repr__(self) -> str:
        return _settings_repr("SettingsAcknowledged", self.changed_settings)


class PriorityUpdated(Event):
    """Priority information arrived (PRIORITY frame or HEADERS with PRIORITY)."""

    def __init__(self) -> None:
        self.stream_id: int | None = None
        self.weight: int | None = None
        self.depends_on: int | None = None
        self.exclusive: bool | None = None

    def __repr__(self) -> str:
        return (
            f"<PriorityUpdated stream_id:{self.stream_id}, weight:{self.weight}, "
            f"depends_on:{self.depends_on}, exclusive:{self.exclusive}>"
        )


class ConnectionTerminated(Event):
    """The peer sent GOAWAY."""

    def __init__(self) -> None:
        self.error_code: ErrorCodes | int | None = None
        self.last_stream_id: int | None = None
        self.additional_data: bytes | None = None

    def __repr__(self) -> str:
        data = self.additional_data
        shown = bytes(data[:20]).hex() if data is not None else None
        return (
            f"<ConnectionTerminated error_code:{self.error_code!s}, "
            f"last_stream_id:{self.last_stream_id}, additional_data:{shown}>"
        )


def _lenient_text(data: bytes | None) -> str:
    return data.decode("utf-8", "ignore") if data is not None else ""


class AlternativeServiceAvailable(Event):
    """An ALTSVC frame (RFC 7838) the client should act on arrived."""

    def __init__(self) -> None:
        self.origin: bytes | None = None
        self.field_value: bytes | None = None

    def __repr__(self) -> str:
        return (
            f"<AlternativeServiceAvailable origin:{_lenient_text(self.origin)}, "
            f"field_value:{_lenient_text(self.field_value)}>"
        )


@dataclass(kw_only=True)
class UnknownFrameReceived(Event):
    """A frame of a type h2 does not know arrived (an ``ExtensionFrame``)."""

    frame: Any

    def __repr__(self) -> str:
        return "<UnknownFrameReceived>"


class _HeadersSent(Event):
    """Internal marker: we sent a header block."""


class _RequestSent(_HeadersSent):
    """Internal marker: we sent a request header block."""


class _ResponseSent(_HeadersSent):
    """Internal marker: we sent a response (or informational) header block."""


class _TrailersSent(_HeadersSent):
    """Internal marker: we sent a trailer header block."""


class _PushedRequestSent(_HeadersSent):
    """Internal marker: we sent a PUSH_PROMISE request header block."""
