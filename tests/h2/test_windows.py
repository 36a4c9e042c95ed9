"""h2.windows / h2._flow_control: receive windows (contract §6.5, RFC 9113 §6.9)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from h2.exceptions import FlowControlError
from h2.utilities import guard_increment_window
from h2.windows import LARGEST_FLOW_CONTROL_WINDOW, WindowManager


def test_rfc9113_6_9_1_largest_window() -> None:
    assert LARGEST_FLOW_CONTROL_WINDOW == 2**31 - 1


def test_guard_increment_window() -> None:
    assert guard_increment_window(10, 5) == 15
    assert guard_increment_window(0, 2**31 - 1) == 2**31 - 1
    # RFC 9113 §6.9.1: a window MUST NOT exceed 2**31 - 1.
    with pytest.raises(FlowControlError):
        guard_increment_window(1, 2**31 - 1)


def test_initial_state() -> None:
    manager = WindowManager(65535)
    assert manager.max_window_size == 65535
    assert manager.current_window_size == 65535
    assert manager._bytes_processed == 0


def test_window_consumed() -> None:
    manager = WindowManager(100)
    manager.window_consumed(60)
    assert manager.current_window_size == 40
    manager.window_consumed(40)
    assert manager.current_window_size == 0


def test_rfc9113_6_9_1_window_consumed_below_zero_is_flow_control_error() -> None:
    manager = WindowManager(100)
    with pytest.raises(FlowControlError):
        manager.window_consumed(101)
    assert manager.current_window_size == 100


def test_window_opened_grows_max() -> None:
    manager = WindowManager(100)
    manager.window_opened(50)
    assert (manager.current_window_size, manager.max_window_size) == (150, 150)
    manager.window_consumed(100)
    manager.window_opened(10)
    assert (manager.current_window_size, manager.max_window_size) == (60, 150)


def test_rfc9113_6_9_1_window_opened_past_limit_is_flow_control_error() -> None:
    manager = WindowManager(100)
    with pytest.raises(FlowControlError):
        manager.window_opened(2**31 - 100)
    assert (manager.current_window_size, manager.max_window_size) == (100, 100)


def test_rfc9113_6_9_2_initial_window_changed() -> None:
    manager = WindowManager(65535)
    manager.window_consumed(1000)
    manager.initial_window_changed(-65535)
    assert manager.current_window_size == -1000
    assert manager.max_window_size == 0
    manager = WindowManager(100)
    manager.initial_window_changed(50)
    assert (manager.current_window_size, manager.max_window_size) == (150, 150)


def test_process_bytes_nothing_pending_returns_none() -> None:
    assert WindowManager(100).process_bytes(0) is None


def test_process_bytes_small_amount_not_due() -> None:
    manager = WindowManager(65535)
    manager.window_consumed(100)
    assert manager.process_bytes(100) == 0
    assert manager.current_window_size == 65435


def test_process_bytes_half_window_triggers_update() -> None:
    manager = WindowManager(65535)
    manager.window_consumed(40000)
    assert manager.process_bytes(32767) == 32767
    assert manager.current_window_size == 65535 - 40000 + 32767
    assert manager._bytes_processed == 0
    # Nothing left: the next call reports None.
    assert manager.process_bytes(0) is None


def test_process_bytes_increment_capped_at_max() -> None:
    manager = WindowManager(100)
    manager.window_consumed(10)
    assert manager.process_bytes(60) == 10
    assert manager.current_window_size == 100


def test_process_bytes_stalled_window_updates_early() -> None:
    manager = WindowManager(65535)
    manager.window_consumed(65535)
    assert manager.process_bytes(1024) == 0
    assert manager.process_bytes(1) == 1025
    assert manager.current_window_size == 1025


def test_process_bytes_stalled_small_window_uses_quarter() -> None:
    manager = WindowManager(100)
    manager.window_consumed(100)
    assert manager.process_bytes(25) == 0
    assert manager.process_bytes(1) == 26


def test_process_bytes_never_returns_non_positive_increment() -> None:
    manager = WindowManager(100)
    manager.max_window_size = 50
    assert manager.process_bytes(80) == 0
    assert manager.current_window_size == 100
    assert manager._bytes_processed == 80


@settings(deadline=None)
@given(st.lists(st.integers(0, 70000), max_size=50))
def test_window_stays_within_bounds(sizes: list[int]) -> None:
    manager = WindowManager(65535)
    for size in sizes:
        try:
            manager.window_consumed(size)
        except FlowControlError:
            continue
        increment = manager.process_bytes(size)
        assert increment is None or increment >= 0
        assert 0 <= manager.current_window_size <= manager.max_window_size
