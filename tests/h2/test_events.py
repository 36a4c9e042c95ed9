"""h2.events: construction styles, linkage fields, reprs (contract §5.5)."""

from __future__ import annotations

import dataclasses
import inspect
from typing import Any

import pytest

import h2.events as ev
from h2.errors import ErrorCodes
from h2.settings import ChangedSetting, SettingCodes, Settings

DATACLASS_EVENTS: dict[type, dict[str, Any]] = {
    ev.RequestReceived: {"stream_id": 1},
    ev.ResponseReceived: {"stream_id": 1},
    ev.TrailersReceived: {"stream_id": 1},
    ev.InformationalResponseReceived: {"stream_id": 1},
    ev.DataReceived: {"stream_id": 1},
    ev.WindowUpdated: {"stream_id": 1},
    ev.PingReceived: {"ping_data": b"12345678"},
    ev.PingAckReceived: {"ping_data": b"12345678"},
    ev.StreamEnded: {"stream_id": 1},
    ev.StreamReset: {"stream_id": 1},
    ev.UnknownFrameReceived: {"frame": None},
}
PLAIN_EVENTS = [
    ev.RemoteSettingsChanged,
    ev.PushedStreamReceived,
    ev.SettingsAcknowledged,
    ev.PriorityUpdated,
    ev.ConnectionTerminated,
    ev.AlternativeServiceAvailable,
]


def test_every_class_in_module_subclasses_event() -> None:
    classes = [
        obj
        for _, obj in inspect.getmembers(ev, inspect.isclass)
        if obj.__module__ == "h2.events"
    ]
    assert len(classes) >= 23
    for cls in classes:
        assert issubclass(cls, ev.Event)


def test_all_lists_event_and_seventeen_events() -> None:
    assert len(ev.__all__) == 18
    assert set(DATACLASS_EVENTS) | set(PLAIN_EVENTS) == {
        getattr(ev, name) for name in ev.__all__ if name != "Event"
    }


@pytest.mark.parametrize("cls", list(DATACLASS_EVENTS))
def test_dataclass_events_are_keyword_only_value_equal_unhashable(cls: type) -> None:
    assert dataclasses.is_dataclass(cls)
    kwargs = DATACLASS_EVENTS[cls]
    first, second = cls(**kwargs), cls(**kwargs)
    assert first == second
    with pytest.raises(TypeError):
        hash(first)
    with pytest.raises(TypeError):
        cls(*kwargs.values())
    with pytest.raises(TypeError):
        cls()


@pytest.mark.parametrize("cls", PLAIN_EVENTS)
def test_plain_events_take_no_arguments_and_use_identity(cls: type) -> None:
    assert not dataclasses.is_dataclass(cls)
    first, second = cls(), cls()
    assert first != second
    assert first == first
    with pytest.raises(TypeError):
        cls(1)


def _unset(value: object) -> bool:
    return value is ev._LAZY_INIT


def test_lazy_fields_default_to_sentinel() -> None:
    assert repr(ev._LAZY_INIT) == "<not yet set>"
    assert not ev._LAZY_INIT
    assert _unset(ev.RequestReceived(stream_id=1).headers)
    data = ev.DataReceived(stream_id=1)
    assert _unset(data.data) and _unset(data.flow_controlled_length)
    assert _unset(ev.WindowUpdated(stream_id=1).delta)
    assert _unset(ev.StreamReset(stream_id=1).error_code)
    assert ev.StreamReset(stream_id=1).remote_reset is True


def test_linkage_defaults_are_none() -> None:
    for cls in (ev.RequestReceived, ev.ResponseReceived, ev.TrailersReceived):
        event = cls(stream_id=3)
        assert event.stream_ended is None and event.priority_updated is None
    assert ev.InformationalResponseReceived(stream_id=1).priority_updated is None
    assert ev.DataReceived(stream_id=1).stream_ended is None


def test_plain_event_defaults() -> None:
    assert ev.RemoteSettingsChanged().changed_settings == {}
    assert ev.SettingsAcknowledged().changed_settings == {}
    pushed = ev.PushedStreamReceived()
    assert (pushed.pushed_stream_id, pushed.parent_stream_id, pushed.headers) == (None,) * 3
    priority = ev.PriorityUpdated()
    assert (priority.stream_id, priority.weight, priority.depends_on, priority.exclusive) == (
        None,
    ) * 4
    terminated = ev.ConnectionTerminated()
    assert (terminated.error_code, terminated.last_stream_id, terminated.additional_data) == (
        None,
    ) * 3
    altsvc = ev.AlternativeServiceAvailable()
    assert (altsvc.origin, altsvc.field_value) == (None, None)


def test_hypercorn_style_construction() -> None:
    event = ev.RequestReceived(stream_id=1, headers=[(b":method", b"GET")])
    assert event.headers == [(b":method", b"GET")]


@pytest.mark.parametrize(
    "cls", [ev.RequestReceived, ev.ResponseReceived, ev.TrailersReceived]
)
def test_header_event_repr(cls: type) -> None:
    event = cls(stream_id=5, headers=[(b"a", b"b")])
    assert repr(event) == f"<{cls.__name__} stream_id:5, headers:[(b'a', b'b')]>"


def test_informational_repr() -> None:
    event = ev.InformationalResponseReceived(stream_id=5, headers=[(":status", "100")])
    assert repr(event) == (
        "<InformationalResponseReceived stream_id:5, headers:[(':status', '100')]>"
    )


def test_data_received_repr() -> None:
    event = ev.DataReceived(stream_id=888, data=b"\x01" * 30, flow_controlled_length=88)
    assert repr(event) == (
        "<DataReceived stream_id:888, flow_controlled_length:88, data:" + "01" * 20 + ">"
    )
    empty = ev.DataReceived(stream_id=1, data=b"", flow_controlled_length=0)
    assert repr(empty) == "<DataReceived stream_id:1, flow_controlled_length:0, data:>"
    unset = ev.DataReceived(stream_id=1)
    assert repr(unset) == "<DataReceived stream_id:1, flow_controlled_length:<not yet set>, data:>"
    view = ev.DataReceived(stream_id=1, data=memoryview(b"ab"), flow_controlled_length=2)  # type: ignore[arg-type]
    assert repr(view).endswith("data:6162>")


def test_window_updated_repr() -> None:
    assert repr(ev.WindowUpdated(stream_id=0, delta=65536)) == (
        "<WindowUpdated stream_id:0, delta:65536>"
    )


def test_settings_event_reprs() -> None:
    changed = ev.RemoteSettingsChanged()
    changed.changed_settings = {
        SettingCodes.INITIAL_WINDOW_SIZE: ChangedSetting(SettingCodes.INITIAL_WINDOW_SIZE, 1, 2),
        SettingCodes.MAX_FRAME_SIZE: ChangedSetting(SettingCodes.MAX_FRAME_SIZE, None, 16384),
    }
    assert repr(changed) == (
        "<RemoteSettingsChanged changed_settings:{"
        "ChangedSetting(setting=4, original_value=1, new_value=2), "
        "ChangedSetting(setting=5, original_value=None, new_value=16384)}>"
    )
    acked = ev.SettingsAcknowledged()
    assert repr(acked) == "<SettingsAcknowledged changed_settings:{}>"


def test_ping_reprs() -> None:
    assert repr(ev.PingReceived(ping_data=b"\x00\x01\x02\x03\x04\x05\x06\x07")) == (
        "<PingReceived ping_data:0001020304050607>"
    )
    assert repr(ev.PingAckReceived(ping_data=b"\xff" * 8)) == (
        "<PingAckReceived ping_data:ffffffffffffffff>"
    )


def test_stream_ended_and_reset_reprs() -> None:
    assert repr(ev.StreamEnded(stream_id=99)) == "<StreamEnded stream_id:99>"
    reset = ev.StreamReset(stream_id=919, error_code=ErrorCodes.CANCEL, remote_reset=False)
    assert repr(reset) == "<StreamReset stream_id:919, error_code:8, remote_reset:False>"
    assert repr(ev.StreamReset(stream_id=1, error_code=0x99)) == (
        "<StreamReset stream_id:1, error_code:153, remote_reset:True>"
    )


def test_pushed_stream_repr() -> None:
    event = ev.PushedStreamReceived()
    event.pushed_stream_id, event.parent_stream_id = 50, 11
    event.headers = [(b"a", b"b")]
    assert repr(event) == (
        "<PushedStreamReceived pushed_stream_id:50, parent_stream_id:11, headers:[(b'a', b'b')]>"
    )


def test_priority_updated_repr() -> None:
    event = ev.PriorityUpdated()
    event.stream_id, event.weight, event.depends_on, event.exclusive = 87, 32, 8, True
    assert repr(event) == "<PriorityUpdated stream_id:87, weight:32, depends_on:8, exclusive:True>"


def test_connection_terminated_repr() -> None:
    event = ev.ConnectionTerminated()
    event.error_code, event.last_stream_id = ErrorCodes.PROTOCOL_ERROR, 33
    assert repr(event) == (
        "<ConnectionTerminated error_code:1, last_stream_id:33, additional_data:None>"
    )
    event.additional_data = b"\xab" * 25
    assert repr(event).endswith("additional_data:" + "ab" * 20 + ">")


def test_altsvc_repr() -> None:
    event = ev.AlternativeServiceAvailable()
    assert repr(event) == "<AlternativeServiceAvailable origin:, field_value:>"
    event.origin, event.field_value = b"example.com\xff", b'h2=":8000"'
    assert repr(event) == (
        "<AlternativeServiceAvailable origin:example.com, field_value:h2=\":8000\">"
    )


def test_unknown_frame_repr() -> None:
    assert repr(ev.UnknownFrameReceived(frame=object())) == "<UnknownFrameReceived>"


def test_remote_settings_changed_from_settings() -> None:
    old = Settings(client=False)
    event = ev.RemoteSettingsChanged.from_settings(
        old, {SettingCodes.INITIAL_WINDOW_SIZE: 65535, 3: 10, 0x99: 1}
    )
    assert isinstance(event, ev.RemoteSettingsChanged)
    keys = list(event.changed_settings)
    assert keys == [SettingCodes.INITIAL_WINDOW_SIZE, SettingCodes.MAX_CONCURRENT_STREAMS, 0x99]
    assert isinstance(keys[1], SettingCodes)
    assert type(keys[2]) is int
    unchanged = event.changed_settings[SettingCodes.INITIAL_WINDOW_SIZE]
    assert (unchanged.original_value, unchanged.new_value) == (65535, 65535)
    new = event.changed_settings[SettingCodes.MAX_CONCURRENT_STREAMS]
    assert (new.original_value, new.new_value) == (None, 10)


def test_internal_marker_events() -> None:
    for cls in (ev._RequestSent, ev._ResponseSent, ev._TrailersSent, ev._PushedRequestSent):
        assert issubclass(cls, ev._HeadersSent)
        assert isinstance(cls(), ev.Event)


def test_events_have_a_dict_like_h2_4_4() -> None:
    event = ev.StreamEnded(stream_id=1)
    assert vars(event) == {"stream_id": 1}
    event.extra = "user data"  # type: ignore[attr-defined]
    assert ev.Event().__dict__ == {}
