"""The SETTINGS exchange (RFC 9113 §6.5, §6.5.3, §6.9.2).

Our settings take effect only when the peer acknowledges the SETTINGS
frame that carried them, one ACK per frame in the order sent (the incumbent
applied every queued value on the first ACK).  The peer's settings take
effect at once, and we acknowledge each of its frames.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from . import _wire
from ._connection_state import ConnectionInputs
from ._flow_control import guard_increment_window
from .events import Event, RemoteSettingsChanged, SettingsAcknowledged
from .settings import ChangedSetting, SettingCodes, Settings

if TYPE_CHECKING:
    from hyperframe.frame import SettingsFrame

    from .connection import H2Connection

__all__ = [
    "apply_remote_settings",
    "on_settings",
    "send_initial_settings",
    "update_settings",
]

_INITIAL_WINDOW_SIZE = SettingCodes.INITIAL_WINDOW_SIZE
_MAX_FRAME_SIZE = SettingCodes.MAX_FRAME_SIZE
_HEADER_TABLE_SIZE = SettingCodes.HEADER_TABLE_SIZE
_MAX_HEADER_LIST_SIZE = SettingCodes.MAX_HEADER_LIST_SIZE

Changes = Mapping[SettingCodes | int, ChangedSetting]


def send_initial_settings(conn: H2Connection) -> dict[int, int]:
    """Queue a SETTINGS frame listing every local setting; return its entries.

    The values in force are what we advertise, so receive limits that they
    *raise* apply at once (``local_settings`` may have been replaced before
    this call).  Lower limits wait for the ACK: the peer may legitimately use
    the old ones until it has seen the frame (RFC 9113 §6.5.3, RFC 7541 §4.2).
    """
    local = conn.local_settings
    entries = {int(key): local[key] for key in local}
    if local.max_frame_size > conn.max_inbound_frame_size:
        conn.max_inbound_frame_size = local.max_frame_size
    list_size = local.max_header_list_size
    if list_size is not None and list_size > conn.decoder.max_header_list_size:
        conn.decoder.max_header_list_size = list_size
    if local.header_table_size > conn.decoder.max_allowed_table_size:
        conn.decoder.max_allowed_table_size = local.header_table_size
    # A value queued on local_settings before this frame is applied by its ACK.
    conn._unacked_settings.append(
        ([key for key in local if local.has_pending(key)], True)
    )
    _wire.write_settings(conn._out, entries)
    return entries


def update_settings(conn: H2Connection, new_settings: Mapping[SettingCodes | int, int]) -> None:
    conn.state_machine.check_local_input(ConnectionInputs.SEND_SETTINGS)
    # Validate every entry before queuing any (the incumbent queued a prefix),
    # with the rules for a sender of our role (RFC 9113 §6.5.2: a server
    # never sends ENABLE_PUSH=1).
    scratch = Settings(client=conn.config.client_side)
    for key, value in new_settings.items():
        scratch.validate_received_setting(key, value)
        scratch[key] = value
    local = conn.local_settings
    for key, value in new_settings.items():
        local[key] = value
    conn._unacked_settings.append((list(new_settings), False))
    _wire.write_settings(conn._out, {int(k): v for k, v in new_settings.items()})


def on_settings(conn: H2Connection, frame: SettingsFrame, events: list[Event]) -> None:
    conn.state_machine.feed(ConnectionInputs.RECV_SETTINGS)
    if "ACK" in frame.flags:
        events.append(_on_settings_ack(conn))
        return
    event = apply_remote_settings(conn, frame.settings)
    conn._dos.control_frame_queued()
    _wire.write_settings(conn._out, {}, ack=True)
    events.append(event)


def apply_remote_settings(conn: H2Connection, entries: dict[int, int]) -> RemoteSettingsChanged:
    """Validate, record and apply a peer's SETTINGS entries (RFC 9113 §6.5.3)."""
    remote = conn.remote_settings
    for key, value in entries.items():
        remote.validate_received_setting(key, value)
    event = RemoteSettingsChanged.from_settings(remote, entries)
    for key, value in entries.items():
        remote[key] = value
    conn.state_machine.feed(ConnectionInputs.SEND_SETTINGS)
    _apply_remote_changes(conn, remote.acknowledge(list(entries)))
    return event


def _apply_remote_changes(conn: H2Connection, changes: Changes) -> None:
    streams = conn._store.streams
    change = changes.get(_INITIAL_WINDOW_SIZE)
    if change is not None:
        # RFC 9113 §6.9.2: move every stream send window by the difference;
        # a result above 2**31-1 is a connection error FLOW_CONTROL_ERROR.
        delta = change.new_value - (change.original_value or 0)
        if delta:
            for stream in streams.values():
                stream.outbound_flow_control_window = guard_increment_window(
                    stream.outbound_flow_control_window, delta
                )
    change = changes.get(_HEADER_TABLE_SIZE)
    if change is not None:
        # RFC 7541 §4.2: the encoder may use less than the peer allows; a
        # huge value must not make us keep every field we ever sent.
        conn.encoder.header_table_size = min(change.new_value,
                                             conn.config.max_encoder_table_size)
    change = changes.get(_MAX_FRAME_SIZE)
    if change is not None:
        size = change.new_value
        conn.max_outbound_frame_size = size
        for stream in streams.values():
            stream.max_outbound_frame_size = size


def _on_settings_ack(conn: H2Connection) -> SettingsAcknowledged:
    """Apply the entries of the oldest SETTINGS frame the peer had not yet ACKed."""
    unacked = conn._unacked_settings
    keys: Iterable[SettingCodes | int] = ()
    initial = False
    if unacked:
        keys, initial = unacked.popleft()
    changes = conn.local_settings.acknowledge(keys)
    _apply_local_changes(conn, changes)
    if initial:
        _adopt_advertised_limits(conn)
    event = SettingsAcknowledged()
    event.changed_settings = dict(changes)
    return event


def _adopt_advertised_limits(conn: H2Connection) -> None:
    """The peer has our first SETTINGS: every advertised receive limit is now in force."""
    local = conn.local_settings
    conn.max_inbound_frame_size = local.max_frame_size
    conn.incoming_buffer.max_frame_size = local.max_frame_size
    conn.decoder.max_allowed_table_size = local.header_table_size
    if local.max_header_list_size is not None:
        conn.decoder.max_header_list_size = local.max_header_list_size


def _apply_local_changes(conn: H2Connection, changes: Changes) -> None:
    change = changes.get(_INITIAL_WINDOW_SIZE)
    if change is not None:
        delta = change.new_value - (change.original_value or 0)
        if delta:
            for stream in conn._store.streams.values():
                stream._inbound_window_manager.initial_window_changed(delta)
    change = changes.get(_MAX_HEADER_LIST_SIZE)
    if change is not None:
        conn.decoder.max_header_list_size = change.new_value
    change = changes.get(_MAX_FRAME_SIZE)
    if change is not None:
        conn.max_inbound_frame_size = change.new_value
        # Frames after the ACK in the same read may already use the new size.
        conn.incoming_buffer.max_frame_size = change.new_value
    change = changes.get(_HEADER_TABLE_SIZE)
    if change is not None:
        conn.decoder.max_allowed_table_size = change.new_value
