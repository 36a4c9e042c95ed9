"""The connection state table (contract §5.7) and our non-fatal local check."""

from __future__ import annotations

import pytest

from h2._connection_state import CONNECTION_TRANSITIONS
from h2.connection import (
    AllowedStreamIDs,
    ConnectionInputs,
    ConnectionState,
    H2ConnectionStateMachine,
)
from h2.exceptions import ProtocolError

S = ConnectionState
I = ConnectionInputs  # noqa: E741

_SETTINGS_LIKE = (I.SEND_SETTINGS, I.RECV_SETTINGS, I.SEND_WINDOW_UPDATE, I.RECV_WINDOW_UPDATE,
                  I.SEND_PING, I.RECV_PING, I.SEND_PRIORITY, I.RECV_PRIORITY)
_CLIENT_OPEN_OK = (I.SEND_HEADERS, I.SEND_DATA, I.SEND_WINDOW_UPDATE, I.SEND_PING,
                   I.SEND_SETTINGS, I.SEND_PRIORITY, I.SEND_RST_STREAM, I.RECV_HEADERS,
                   I.RECV_PUSH_PROMISE, I.RECV_DATA, I.RECV_WINDOW_UPDATE, I.RECV_PING,
                   I.RECV_SETTINGS, I.RECV_RST_STREAM, I.RECV_PRIORITY,
                   I.RECV_ALTERNATIVE_SERVICE)
_SERVER_OPEN_OK = (I.SEND_HEADERS, I.SEND_PUSH_PROMISE, I.SEND_DATA, I.SEND_WINDOW_UPDATE,
                   I.SEND_PING, I.SEND_SETTINGS, I.SEND_PRIORITY, I.SEND_RST_STREAM,
                   I.SEND_ALTERNATIVE_SERVICE, I.RECV_HEADERS, I.RECV_DATA,
                   I.RECV_WINDOW_UPDATE, I.RECV_PING, I.RECV_SETTINGS, I.RECV_PRIORITY,
                   I.RECV_RST_STREAM, I.RECV_ALTERNATIVE_SERVICE)


def _expected() -> dict[tuple[ConnectionState, ConnectionInputs], ConnectionState]:
    table = {}
    for inp in _SETTINGS_LIKE:
        table[(S.IDLE, inp)] = S.IDLE
    table[(S.IDLE, I.SEND_HEADERS)] = S.CLIENT_OPEN
    table[(S.IDLE, I.RECV_HEADERS)] = S.SERVER_OPEN
    table[(S.IDLE, I.SEND_ALTERNATIVE_SERVICE)] = S.SERVER_OPEN
    table[(S.IDLE, I.RECV_ALTERNATIVE_SERVICE)] = S.CLIENT_OPEN
    for inp in _CLIENT_OPEN_OK:
        table[(S.CLIENT_OPEN, inp)] = S.CLIENT_OPEN
    for inp in _SERVER_OPEN_OK:
        table[(S.SERVER_OPEN, inp)] = S.SERVER_OPEN
    for state in S:
        table[(state, I.SEND_GOAWAY)] = S.CLOSED
        table[(state, I.RECV_GOAWAY)] = S.CLOSED
    return table


def test_enum_values_match_the_contract() -> None:
    assert [(m.name, m.value) for m in S] == [
        ("IDLE", 0), ("CLIENT_OPEN", 1), ("SERVER_OPEN", 2), ("CLOSED", 3)]
    assert [m.value for m in I] == list(range(20))
    assert (AllowedStreamIDs.EVEN, AllowedStreamIDs.ODD) == (0, 1)


def test_table_is_exactly_the_contract_table() -> None:
    assert _expected() == CONNECTION_TRANSITIONS


@pytest.mark.parametrize("state", list(S))
@pytest.mark.parametrize("inp", list(I))
def test_every_pair(state: ConnectionState, inp: ConnectionInputs) -> None:
    machine = H2ConnectionStateMachine()
    machine.state = state
    target = _expected().get((state, inp))
    if target is None:
        with pytest.raises(ProtocolError, match="Invalid input"):
            machine.process_input(inp)
        assert machine.state is S.CLOSED
    else:
        assert machine.process_input(inp) == []
        assert machine.state is target


@pytest.mark.parametrize("state", list(S))
@pytest.mark.parametrize("inp", list(I))
def test_local_check_never_changes_state(state: ConnectionState, inp: ConnectionInputs) -> None:
    # Appendix B 11 fixed: a refused user call does not close the connection.
    machine = H2ConnectionStateMachine()
    machine.state = state
    target = _expected().get((state, inp))
    if target is None:
        with pytest.raises(ProtocolError):
            machine.check_local_input(inp)
    else:
        assert machine.check_local_input(inp) is target
    assert machine.state is state


def test_non_input_is_value_error() -> None:
    machine = H2ConnectionStateMachine()
    with pytest.raises(ValueError):
        machine.process_input(1)  # type: ignore[arg-type]
    assert machine.state is S.IDLE


def test_draining_accepts_stream_traffic_but_stays_closed() -> None:
    # RFC 9113 §6.8 graceful shutdown (Appendix B 25 fixed).
    from h2._connection_state import DRAINING_INPUTS

    machine = H2ConnectionStateMachine()
    machine.state = S.CLOSED
    machine.draining = True
    for inp in I:
        if inp in DRAINING_INPUTS:
            assert machine.check_local_input(inp) is S.CLOSED
            machine.feed(inp)
        elif inp not in (I.SEND_GOAWAY, I.RECV_GOAWAY):
            with pytest.raises(ProtocolError):
                machine.check_local_input(inp)
        assert machine.state is S.CLOSED
    assert I.SEND_PUSH_PROMISE not in DRAINING_INPUTS
    assert I.SEND_ALTERNATIVE_SERVICE not in DRAINING_INPUTS
    machine.draining = False
    with pytest.raises(ProtocolError):
        machine.feed(I.RECV_DATA)


def test_feed_moves_like_process_input() -> None:
    machine = H2ConnectionStateMachine()
    machine.feed(I.RECV_HEADERS)
    assert machine.state is S.SERVER_OPEN
    with pytest.raises(ProtocolError):
        machine.feed(I.RECV_PUSH_PROMISE)
    assert machine.state is S.CLOSED
