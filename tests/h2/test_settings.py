"""h2.settings: SettingCodes, ChangedSetting, Settings (contract §5.3, RFC 9113 §6.5)."""

from __future__ import annotations

from collections.abc import MutableMapping

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from h2.errors import ErrorCodes
from h2.exceptions import InvalidSettingsValueError
from h2.settings import ChangedSetting, SettingCodes, Settings, _setting_code_from_int

S = SettingCodes


def test_rfc9113_6_5_2_setting_identifiers() -> None:
    assert {c.name: c.value for c in SettingCodes} == {
        "HEADER_TABLE_SIZE": 1,
        "ENABLE_PUSH": 2,
        "MAX_CONCURRENT_STREAMS": 3,
        "INITIAL_WINDOW_SIZE": 4,
        "MAX_FRAME_SIZE": 5,
        "MAX_HEADER_LIST_SIZE": 6,
        "ENABLE_CONNECT_PROTOCOL": 8,
    }


def test_setting_code_from_int() -> None:
    assert _setting_code_from_int(4) is S.INITIAL_WINDOW_SIZE
    assert type(_setting_code_from_int(0x99)) is int


def test_changed_setting() -> None:
    changed = ChangedSetting(S.INITIAL_WINDOW_SIZE, 65535, 1000)
    assert (changed.setting, changed.original_value, changed.new_value) == (4, 65535, 1000)
    assert repr(changed) == "ChangedSetting(setting=4, original_value=65535, new_value=1000)"
    assert repr(ChangedSetting(9, None, 1)) == (
        "ChangedSetting(setting=9, original_value=None, new_value=1)"
    )


@pytest.mark.parametrize("client", [True, False])
def test_rfc9113_6_5_2_defaults_in_order(client: bool) -> None:
    settings = Settings(client=client)
    assert isinstance(settings, MutableMapping)
    assert list(settings.items()) == [
        (S.HEADER_TABLE_SIZE, 4096),
        (S.ENABLE_PUSH, int(client)),
        (S.INITIAL_WINDOW_SIZE, 65535),
        (S.MAX_FRAME_SIZE, 16384),
        (S.ENABLE_CONNECT_PROTOCOL, 0),
    ]
    assert settings.max_concurrent_streams == 2**32 + 1
    assert settings.max_header_list_size is None


def test_initial_values_are_current_and_keep_positions() -> None:
    settings = Settings(
        client=False,
        initial_values={S.MAX_CONCURRENT_STREAMS: 100, S.HEADER_TABLE_SIZE: 100, 0x99: 7},
    )
    assert list(settings) == [1, 2, 4, 5, 8, 3, 0x99]
    # Keys are kept as given (h2 4.4 does the same).
    assert [type(key) for key in settings][-2:] == [SettingCodes, int]
    assert settings[S.HEADER_TABLE_SIZE] == 100
    assert settings.max_concurrent_streams == 100
    assert settings[0x99] == 7
    assert settings.acknowledge() == {}


def test_initial_values_are_validated() -> None:
    with pytest.raises(InvalidSettingsValueError) as info:
        Settings(initial_values={S.MAX_FRAME_SIZE: 1})
    assert info.value.error_code == ErrorCodes.PROTOCOL_ERROR


def test_setitem_queues_until_acknowledged() -> None:
    # RFC 9113 §6.5.3: our values apply once the peer acknowledges them.
    settings = Settings()
    settings[S.INITIAL_WINDOW_SIZE] = 100
    assert settings[S.INITIAL_WINDOW_SIZE] == 65535
    assert settings.has_pending(S.INITIAL_WINDOW_SIZE)
    changes = settings.acknowledge()
    assert list(changes) == [S.INITIAL_WINDOW_SIZE]
    changed = changes[S.INITIAL_WINDOW_SIZE]
    assert (changed.setting, changed.original_value, changed.new_value) == (4, 65535, 100)
    assert settings.initial_window_size == 100
    assert not settings.has_pending(S.INITIAL_WINDOW_SIZE)


def test_pending_only_key_reads_as_missing() -> None:
    settings = Settings()
    settings[S.MAX_HEADER_LIST_SIZE] = 1000
    with pytest.raises(KeyError):
        settings[S.MAX_HEADER_LIST_SIZE]
    assert settings.max_header_list_size is None
    assert S.MAX_HEADER_LIST_SIZE not in settings
    changes = settings.acknowledge()
    assert changes[S.MAX_HEADER_LIST_SIZE].original_value is None
    assert settings.max_header_list_size == 1000


def test_dict_of_settings_with_pending_new_key_does_not_raise() -> None:
    # Appendix B item 27: iteration only covers keys with a value in force.
    settings = Settings()
    settings[S.MAX_CONCURRENT_STREAMS] = 10
    as_dict = dict(settings)
    assert S.MAX_CONCURRENT_STREAMS not in as_dict
    assert len(settings) == 5
    settings.acknowledge()
    assert dict(settings)[S.MAX_CONCURRENT_STREAMS] == 10
    assert len(settings) == 6


def test_acknowledge_contract_advances_every_key() -> None:
    # The compatible behaviour (contract §6.9 quirk): all keys advance together.
    settings = Settings()
    settings[S.HEADER_TABLE_SIZE] = 1
    settings[S.HEADER_TABLE_SIZE] = 2
    settings[S.MAX_FRAME_SIZE] = 20000
    first = settings.acknowledge()
    assert {k: (v.original_value, v.new_value) for k, v in first.items()} == {
        S.HEADER_TABLE_SIZE: (4096, 1),
        S.MAX_FRAME_SIZE: (16384, 20000),
    }
    second = settings.acknowledge()
    assert {k: (v.original_value, v.new_value) for k, v in second.items()} == {
        S.HEADER_TABLE_SIZE: (1, 2)
    }
    assert settings.acknowledge() == {}


def test_acknowledge_selected_keys_per_frame() -> None:
    # RFC 9113 §6.5.3: an ACK applies exactly the SETTINGS frame it acknowledges.
    settings = Settings()
    frame_one: dict[SettingCodes | int, int] = {S.INITIAL_WINDOW_SIZE: 1000}
    frame_two = {S.MAX_FRAME_SIZE: 20000, S.INITIAL_WINDOW_SIZE: 2000, 0x99: 3}
    for frame in (frame_one, frame_two):
        for key, value in frame.items():
            settings[key] = value
    applied = settings.acknowledge(frame_one)
    assert list(applied) == [S.INITIAL_WINDOW_SIZE]
    assert settings.initial_window_size == 1000
    assert settings.max_frame_size == 16384
    applied = settings.acknowledge(list(frame_two))
    assert [(c.setting, c.new_value) for c in applied.values()] == [
        (S.MAX_FRAME_SIZE, 20000),
        (S.INITIAL_WINDOW_SIZE, 2000),
        (0x99, 3),
    ]
    # Keys with nothing queued (or unknown keys) are skipped.
    assert settings.acknowledge([S.ENABLE_PUSH, 0x77]) == {}


def test_delitem_removes_all_values() -> None:
    settings = Settings()
    settings[S.ENABLE_CONNECT_PROTOCOL] = 1
    del settings[S.ENABLE_CONNECT_PROTOCOL]
    assert S.ENABLE_CONNECT_PROTOCOL not in settings
    assert settings.acknowledge() == {}
    with pytest.raises(KeyError):
        del settings[S.ENABLE_CONNECT_PROTOCOL]
    with pytest.raises(KeyError):
        settings[S.ENABLE_CONNECT_PROTOCOL]


def test_update_mixin_queues() -> None:
    settings = Settings()
    settings.update({S.HEADER_TABLE_SIZE: 10})
    assert settings.header_table_size == 4096
    settings.acknowledge()
    assert settings.get(S.HEADER_TABLE_SIZE) == 10


@pytest.mark.parametrize(
    ("prop", "code", "value"),
    [
        ("header_table_size", S.HEADER_TABLE_SIZE, 10),
        ("enable_push", S.ENABLE_PUSH, 0),
        ("initial_window_size", S.INITIAL_WINDOW_SIZE, 10),
        ("max_frame_size", S.MAX_FRAME_SIZE, 20000),
        ("max_concurrent_streams", S.MAX_CONCURRENT_STREAMS, 10),
        ("max_header_list_size", S.MAX_HEADER_LIST_SIZE, 10),
        ("enable_connect_protocol", S.ENABLE_CONNECT_PROTOCOL, 1),
    ],
)
def test_properties_read_current_and_queue_on_set(prop: str, code: int, value: int) -> None:
    settings = Settings()
    before = getattr(settings, prop)
    setattr(settings, prop, value)
    assert getattr(settings, prop) == before
    settings.acknowledge()
    assert getattr(settings, prop) == value
    assert settings[code] == value


@pytest.mark.parametrize(
    ("code", "value", "error"),
    [
        (S.ENABLE_PUSH, 2, ErrorCodes.PROTOCOL_ERROR),
        (S.ENABLE_PUSH, -1, ErrorCodes.PROTOCOL_ERROR),
        (S.INITIAL_WINDOW_SIZE, 2**31, ErrorCodes.FLOW_CONTROL_ERROR),
        (S.INITIAL_WINDOW_SIZE, -1, ErrorCodes.FLOW_CONTROL_ERROR),
        (S.MAX_FRAME_SIZE, 16383, ErrorCodes.PROTOCOL_ERROR),
        (S.MAX_FRAME_SIZE, 2**24, ErrorCodes.PROTOCOL_ERROR),
        (S.MAX_HEADER_LIST_SIZE, -1, ErrorCodes.PROTOCOL_ERROR),
        (S.ENABLE_CONNECT_PROTOCOL, 2, ErrorCodes.PROTOCOL_ERROR),
        # Appendix B item 27: rejected locally (they cannot go on the wire).
        (S.HEADER_TABLE_SIZE, -1, ErrorCodes.PROTOCOL_ERROR),
        (S.MAX_CONCURRENT_STREAMS, -1, ErrorCodes.PROTOCOL_ERROR),
        (S.HEADER_TABLE_SIZE, 2**32, ErrorCodes.PROTOCOL_ERROR),
        (0x99, 2**32, ErrorCodes.PROTOCOL_ERROR),
        (S.HEADER_TABLE_SIZE, "10", ErrorCodes.PROTOCOL_ERROR),
    ],
)
def test_rfc9113_6_5_2_invalid_values(code: int, value: int, error: ErrorCodes) -> None:
    settings = Settings()
    with pytest.raises(InvalidSettingsValueError) as info:
        settings[code] = value
    assert info.value.error_code == error
    assert str(info.value) == f"Setting {code} has invalid value {value}"
    assert settings.acknowledge() == {}


@pytest.mark.parametrize(
    ("code", "value"),
    [
        (S.ENABLE_PUSH, 0),
        (S.ENABLE_PUSH, 1),
        (S.INITIAL_WINDOW_SIZE, 0),
        (S.INITIAL_WINDOW_SIZE, 2**31 - 1),
        (S.MAX_FRAME_SIZE, 16384),
        (S.MAX_FRAME_SIZE, 2**24 - 1),
        (S.MAX_HEADER_LIST_SIZE, 0),
        (S.HEADER_TABLE_SIZE, 0),
        (S.HEADER_TABLE_SIZE, 2**32 - 1),
        (S.MAX_CONCURRENT_STREAMS, 0),
        (S.ENABLE_CONNECT_PROTOCOL, 1),
        (0xFFFF, 5),
    ],
)
def test_valid_values_accepted(code: int, value: int) -> None:
    settings = Settings()
    settings[code] = value
    settings.validate_received_setting(code, value)
    settings.acknowledge()
    assert settings[code] == value


@pytest.mark.parametrize("key", [-1, 0x10000, "x", None])
def test_invalid_setting_identifiers_rejected(key: object) -> None:
    settings = Settings()
    with pytest.raises(InvalidSettingsValueError):
        settings[key] = 1  # type: ignore[index]
    with pytest.raises(InvalidSettingsValueError):
        Settings(initial_values={key: 1})  # type: ignore[dict-item]


def test_rfc9113_6_5_2_server_must_not_send_enable_push_1() -> None:
    # RFC 9113 §6.5.2: a client MUST treat ENABLE_PUSH != 0 from a server as a
    # connection error of type PROTOCOL_ERROR.
    server_peer = Settings(client=False)
    server_peer.validate_received_setting(S.ENABLE_PUSH, 0)
    with pytest.raises(InvalidSettingsValueError) as info:
        server_peer.validate_received_setting(S.ENABLE_PUSH, 1)
    assert info.value.error_code == ErrorCodes.PROTOCOL_ERROR
    client_peer = Settings(client=True)
    client_peer.validate_received_setting(S.ENABLE_PUSH, 1)
    with pytest.raises(InvalidSettingsValueError):
        client_peer.validate_received_setting(S.ENABLE_PUSH, 2)


def test_rfc9113_6_5_2_received_initial_window_too_large_is_flow_control_error() -> None:
    with pytest.raises(InvalidSettingsValueError) as info:
        Settings().validate_received_setting(S.INITIAL_WINDOW_SIZE, 2**31)
    assert info.value.error_code == ErrorCodes.FLOW_CONTROL_ERROR


def test_equality_compares_current_and_queued() -> None:
    one, two = Settings(), Settings()
    assert one == two
    assert (one != two) is False
    one[S.HEADER_TABLE_SIZE] = 5
    assert one != two
    assert (one == two) is False
    two[S.HEADER_TABLE_SIZE] = 5
    assert one == two
    assert one != {}
    assert one.__eq__(object()) is NotImplemented
    assert one.__ne__(object()) is NotImplemented


def test_unhashable() -> None:
    with pytest.raises(TypeError):
        hash(Settings())


@settings(deadline=None)
@given(st.lists(st.tuples(st.sampled_from(list(S)), st.integers(0, 2**32 - 1)), max_size=30))
def test_dict_never_raises_and_ack_reaches_last_value(items: list[tuple[int, int]]) -> None:
    settings = Settings()
    last: dict[int, int] = {}
    for key, value in items:
        try:
            settings[key] = value
        except InvalidSettingsValueError:
            continue
        last[key] = value
        dict(settings)
    for _ in items:
        settings.acknowledge()
    for key, value in last.items():
        assert settings[key] == value


class SettingsModel(RuleBasedStateMachine):
    """Settings behaves like a simple model of current values plus per-key queues."""

    def __init__(self) -> None:
        super().__init__()
        self.settings = Settings(client=True)
        self.current: dict[int, int] = dict(Settings(client=True))
        self.queued: dict[int, list[int]] = {}

    keys = st.sampled_from([*SettingCodes, 0x99])

    @rule(key=keys, value=st.integers(0, 2**31 - 1))
    def set_value(self, key: int, value: int) -> None:
        try:
            self.settings[key] = value
        except InvalidSettingsValueError:
            return
        self.queued.setdefault(key, []).append(value)

    @rule(key=keys)
    def delete(self, key: int) -> None:
        known = key in self.current or key in self.queued
        if known:
            del self.settings[key]
        else:
            with pytest.raises(KeyError):
                del self.settings[key]
        self.current.pop(key, None)
        self.queued.pop(key, None)

    @rule()
    def acknowledge_all(self) -> None:
        changes = self.settings.acknowledge()
        expected = {}
        for key, queue in list(self.queued.items()):
            if queue:
                new = queue.pop(0)
                expected[key] = (self.current.get(key), new)
                self.current[key] = new
        assert {k: (c.original_value, c.new_value) for k, c in changes.items()} == expected

    @rule(selected=st.lists(keys, max_size=4))
    def acknowledge_some(self, selected: list[int]) -> None:
        changes = self.settings.acknowledge(selected)
        expected = {}
        for key in selected:
            queue = self.queued.get(key)
            if queue:
                new = queue.pop(0)
                expected[key] = (self.current.get(key), new)
                self.current[key] = new
        assert {k: (c.original_value, c.new_value) for k, c in changes.items()} == expected

    @invariant()
    def mapping_matches_model(self) -> None:
        assert dict(self.settings) == self.current
        assert len(self.settings) == len(self.current)
        for key in self.queued:
            assert self.settings.has_pending(key) == bool(self.queued[key])


SettingsModel.TestCase.settings = settings(deadline=None)
TestSettingsModel = SettingsModel.TestCase
