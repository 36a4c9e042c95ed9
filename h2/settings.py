"""HTTP/2 settings (RFC 9113 §6.5.2) and the acknowledgement bookkeeping around them.

A :class:`Settings` object is a mutable mapping from setting code to the
value currently *in force*.  Assigning a value only *queues* it: it becomes
current when :meth:`Settings.acknowledge` runs (RFC 9113 §6.5.3: values we
send apply once the peer acknowledges them).
"""

from __future__ import annotations

import enum
from collections import deque
from collections.abc import Iterable, Iterator, MutableMapping
from typing import Final

from h2.errors import ErrorCodes
from h2.exceptions import InvalidSettingsValueError

__all__ = ["ChangedSetting", "SettingCodes", "Settings"]


class SettingCodes(enum.IntEnum):
    """Setting identifiers (RFC 9113 §6.5.2, RFC 8441 §3)."""

    HEADER_TABLE_SIZE = 0x1
    ENABLE_PUSH = 0x2
    MAX_CONCURRENT_STREAMS = 0x3
    INITIAL_WINDOW_SIZE = 0x4
    MAX_FRAME_SIZE = 0x5
    MAX_HEADER_LIST_SIZE = 0x6
    ENABLE_CONNECT_PROTOCOL = 0x8


_CODES_BY_VALUE: dict[int, SettingCodes] = {member.value: member for member in SettingCodes}


def _setting_code_from_int(code: int) -> SettingCodes | int:
    """Known setting identifiers become ``SettingCodes`` members; others stay ints."""
    return _CODES_BY_VALUE.get(code, code)


class ChangedSetting:
    """One setting's change: ``setting`` went from ``original_value`` to ``new_value``."""

    __slots__ = ("new_value", "original_value", "setting")

    def __init__(
        self, setting: SettingCodes | int, original_value: int | None, new_value: int
    ) -> None:
        self.setting = setting
        self.original_value = original_value
        self.new_value = new_value

    def __repr__(self) -> str:
        return (
            f"ChangedSetting(setting={self.setting!s}, "
            f"original_value={self.original_value}, new_value={self.new_value})"
        )


# Largest value a setting can carry on the wire (32-bit unsigned, RFC 9113 §6.5.1).
_MAX_SETTING_VALUE: Final = 2**32 - 1
# Largest setting identifier (16 bits, RFC 9113 §6.5.1).
_MAX_SETTING_ID: Final = 2**16 - 1
_MAX_WINDOW: Final = 2**31 - 1
_MIN_FRAME_SIZE: Final = 2**14
_MAX_FRAME_SIZE: Final = 2**24 - 1

# Per-setting allowed range and the error code for values outside it.  Every
# other setting only has to fit the 32-bit wire field.
_RULES: Final[dict[int, tuple[int, int, ErrorCodes]]] = {
    SettingCodes.ENABLE_PUSH: (0, 1, ErrorCodes.PROTOCOL_ERROR),  # RFC 9113 §6.5.2
    SettingCodes.INITIAL_WINDOW_SIZE: (0, _MAX_WINDOW, ErrorCodes.FLOW_CONTROL_ERROR),
    SettingCodes.MAX_FRAME_SIZE: (_MIN_FRAME_SIZE, _MAX_FRAME_SIZE, ErrorCodes.PROTOCOL_ERROR),
    SettingCodes.ENABLE_CONNECT_PROTOCOL: (0, 1, ErrorCodes.PROTOCOL_ERROR),  # RFC 8441 §3
}


def _invalid(setting: int, value: object, code: ErrorCodes) -> InvalidSettingsValueError:
    return InvalidSettingsValueError(f"Setting {setting} has invalid value {value}", code)


def _check_value(setting: int, value: int) -> None:
    """Raise ``InvalidSettingsValueError`` if ``value`` is not allowed for ``setting``."""
    if not isinstance(value, int):
        raise _invalid(setting, value, ErrorCodes.PROTOCOL_ERROR)
    rule = _RULES.get(setting)
    if rule is not None:
        low, high, code = rule
        if not low <= value <= high:
            raise _invalid(setting, value, code)
    elif not 0 <= value <= _MAX_SETTING_VALUE:
        # Negative values (HEADER_TABLE_SIZE, MAX_CONCURRENT_STREAMS, ...) and
        # values wider than 32 bits cannot be sent: reject them here instead of
        # emitting a malformed SETTINGS frame (API contract Appendix B item 27).
        raise _invalid(setting, value, ErrorCodes.PROTOCOL_ERROR)


def _check_key(setting: object) -> SettingCodes | int:
    """Validate a setting identifier; it is stored as given (member or plain int)."""
    if not isinstance(setting, int) or not 0 <= setting <= _MAX_SETTING_ID:
        raise InvalidSettingsValueError(
            f"Setting identifier {setting!r} is invalid", ErrorCodes.PROTOCOL_ERROR
        )
    return setting


# Marks a key that has queued values but no value in force yet.
_NO_VALUE: Final = None


class Settings(MutableMapping[SettingCodes | int, int]):
    """The settings of one endpoint: values in force plus values awaiting an ACK.

    ``client`` tells which role the endpoint owning these settings plays; it
    picks the default for ENABLE_PUSH and the rules of
    :meth:`validate_received_setting`.

    Iteration and ``len()`` cover only the settings that have a value in
    force, so ``dict(settings)`` and ``settings.items()`` never fail while a
    brand-new setting is still waiting for its acknowledgement.
    """

    __slots__ = ("_client", "_values")
    __hash__ = None  # type: ignore[assignment]

    def __init__(
        self,
        client: bool = True,
        initial_values: dict[SettingCodes | int, int] | None = None,
    ) -> None:
        self._client = client
        # Per key: [value in force (or _NO_VALUE), queued values oldest first...].
        self._values: dict[SettingCodes | int, deque[int | None]] = {
            SettingCodes.HEADER_TABLE_SIZE: deque([4096]),
            SettingCodes.ENABLE_PUSH: deque([int(client)]),
            SettingCodes.INITIAL_WINDOW_SIZE: deque([65535]),
            SettingCodes.MAX_FRAME_SIZE: deque([16384]),
            SettingCodes.ENABLE_CONNECT_PROTOCOL: deque([0]),
        }
        if initial_values is not None:
            for key, value in initial_values.items():
                setting = _check_key(key)
                _check_value(setting, value)
                self._values[setting] = deque([value])

    # -- acknowledgement -------------------------------------------------------------

    def acknowledge(
        self, keys: Iterable[SettingCodes | int] | None = None
    ) -> dict[SettingCodes | int, ChangedSetting]:
        """Put queued values in force and report what changed.

        ``keys=None`` (the compatible behaviour): the oldest queued value of
        *every* setting with a queued value becomes current, whichever
        SETTINGS frame queued it.

        ``keys`` given: only the oldest queued value of each listed setting
        advances (a key listed twice advances twice; a key with nothing
        queued is skipped).  This lets the connection acknowledge exactly the
        entries of the SETTINGS frame the peer just ACKed (RFC 9113 §6.5.3):
        record the frame's keys when sending it and pass them here when its
        ACK arrives.

        Returns ``{setting: ChangedSetting(setting, old, new)}``; ``old`` is
        ``None`` for a setting that had no value in force.
        """
        changed: dict[SettingCodes | int, ChangedSetting] = {}
        values = self._values
        selected: Iterable[SettingCodes | int] = list(values) if keys is None else keys
        for key in selected:
            queue = values.get(key)
            if queue is None or len(queue) < 2:
                continue
            old = queue.popleft()
            new = queue[0]
            assert new is not None  # queued values are always ints
            changed[key] = ChangedSetting(key, old, new)
        return changed

    def has_pending(self, setting: SettingCodes | int) -> bool:
        """Whether ``setting`` has at least one value waiting for acknowledgement."""
        queue = self._values.get(setting)
        return queue is not None and len(queue) > 1

    # -- convenience properties ------------------------------------------------------

    @property
    def header_table_size(self) -> int:
        """SETTINGS_HEADER_TABLE_SIZE in force."""
        return self[SettingCodes.HEADER_TABLE_SIZE]

    @header_table_size.setter
    def header_table_size(self, value: int) -> None:
        self[SettingCodes.HEADER_TABLE_SIZE] = value

    @property
    def enable_push(self) -> int:
        """SETTINGS_ENABLE_PUSH in force."""
        return self[SettingCodes.ENABLE_PUSH]

    @enable_push.setter
    def enable_push(self, value: int) -> None:
        self[SettingCodes.ENABLE_PUSH] = value

    @property
    def initial_window_size(self) -> int:
        """SETTINGS_INITIAL_WINDOW_SIZE in force."""
        return self[SettingCodes.INITIAL_WINDOW_SIZE]

    @initial_window_size.setter
    def initial_window_size(self, value: int) -> None:
        self[SettingCodes.INITIAL_WINDOW_SIZE] = value

    @property
    def max_frame_size(self) -> int:
        """SETTINGS_MAX_FRAME_SIZE in force."""
        return self[SettingCodes.MAX_FRAME_SIZE]

    @max_frame_size.setter
    def max_frame_size(self, value: int) -> None:
        self[SettingCodes.MAX_FRAME_SIZE] = value

    @property
    def max_concurrent_streams(self) -> int:
        """SETTINGS_MAX_CONCURRENT_STREAMS in force; ``2**32 + 1`` (unlimited) if unset."""
        return self.get(SettingCodes.MAX_CONCURRENT_STREAMS, 2**32 + 1)

    @max_concurrent_streams.setter
    def max_concurrent_streams(self, value: int) -> None:
        self[SettingCodes.MAX_CONCURRENT_STREAMS] = value

    @property
    def max_header_list_size(self) -> int | None:
        """SETTINGS_MAX_HEADER_LIST_SIZE in force; ``None`` (unlimited) if unset."""
        return self.get(SettingCodes.MAX_HEADER_LIST_SIZE, None)

    @max_header_list_size.setter
    def max_header_list_size(self, value: int) -> None:
        self[SettingCodes.MAX_HEADER_LIST_SIZE] = value

    @property
    def enable_connect_protocol(self) -> int:
        """SETTINGS_ENABLE_CONNECT_PROTOCOL in force (RFC 8441)."""
        return self[SettingCodes.ENABLE_CONNECT_PROTOCOL]

    @enable_connect_protocol.setter
    def enable_connect_protocol(self, value: int) -> None:
        self[SettingCodes.ENABLE_CONNECT_PROTOCOL] = value

    # -- validation -------------------------------------------------------------------

    def validate_received_setting(self, setting: SettingCodes | int, value: int) -> None:
        """Check a value the peer sent for ``setting``; raise ``InvalidSettingsValueError``.

        RFC 9113 §6.5.2: a server MUST NOT send ENABLE_PUSH other than 0, so
        for a ``Settings`` describing a server (``client=False``) only 0 is valid.
        """
        if setting == SettingCodes.ENABLE_PUSH and not self._client and value != 0:
            raise _invalid(setting, value, ErrorCodes.PROTOCOL_ERROR)
        _check_value(setting, value)

    # -- MutableMapping -----------------------------------------------------------------

    def __getitem__(self, key: SettingCodes | int) -> int:
        value = self._values[key][0]
        if value is _NO_VALUE:
            raise KeyError(key)
        return value

    def __setitem__(self, key: SettingCodes | int, value: int) -> None:
        setting = _check_key(key)
        _check_value(setting, value)
        queue = self._values.get(setting)
        if queue is None:
            self._values[setting] = deque([_NO_VALUE, value])
        else:
            queue.append(value)

    def __delitem__(self, key: SettingCodes | int) -> None:
        del self._values[key]

    def __iter__(self) -> Iterator[SettingCodes | int]:
        return (key for key, queue in self._values.items() if queue[0] is not _NO_VALUE)

    def __len__(self) -> int:
        return sum(1 for queue in self._values.values() if queue[0] is not _NO_VALUE)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Settings):
            return self._values == other._values
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        if isinstance(other, Settings):
            return self._values != other._values
        return NotImplemented
