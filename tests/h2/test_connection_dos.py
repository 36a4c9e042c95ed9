"""The DoS knobs of H2Configuration enforced by the connection (h2/_dos.py)."""

from __future__ import annotations

import io
import logging

import pytest

from h2.config import H2Configuration, OutputLogger
from h2.connection import H2Connection
from h2.errors import ErrorCodes
from h2.exceptions import DenialOfServiceError

from .helpers import REQUEST, RESPONSE, Peer, client, expect_connection_error, server


def test_ping_flood_is_stopped() -> None:
    # CVE-2019-9512: PING ACKs the peer never lets us send.
    conn, peer = server(max_pending_control_frames=3)
    conn.receive_data(peer.ping_frame() * 3)
    expect_connection_error(conn, peer.ping_frame(), ErrorCodes.ENHANCE_YOUR_CALM,
                            exc=DenialOfServiceError)


def test_collecting_output_resets_the_count() -> None:
    conn, peer = server(max_pending_control_frames=3)
    for _ in range(5):
        conn.receive_data(peer.ping_frame() * 3)
        conn.data_to_send()
    conn.receive_data(peer.ping_frame() * 3)
    conn.clear_outbound_data_buffer()
    conn.receive_data(peer.ping_frame() * 3)
    conn.data_to_send(5)  # a partial read does not drain the replies
    with pytest.raises(DenialOfServiceError):
        conn.receive_data(peer.ping_frame())


def test_settings_flood_is_stopped() -> None:
    # CVE-2019-9515.
    conn, peer = server(max_pending_control_frames=2)
    conn.receive_data(peer.settings_frame({}) * 2)
    expect_connection_error(conn, peer.settings_frame({}), ErrorCodes.ENHANCE_YOUR_CALM,
                            exc=DenialOfServiceError)


def test_reset_flood_is_stopped() -> None:
    # CVE-2019-9514: RST_STREAM replies to DATA on closed streams.
    conn, peer = server(max_pending_control_frames=2)
    conn.receive_data(peer.headers_frame(1, REQUEST, end_stream=True))
    conn.send_headers(1, RESPONSE, end_stream=True)
    conn.data_to_send()
    conn.receive_data(peer.data_frame(1, b"x") * 2)
    expect_connection_error(conn, peer.data_frame(1, b"x"), ErrorCodes.ENHANCE_YOUR_CALM,
                            exc=DenialOfServiceError)


def test_rapid_reset_is_stopped() -> None:
    # CVE-2023-44487: streams opened and immediately reset by the peer.
    conn, peer = server(max_rapid_resets=3)
    conn.receive_data(peer.headers_frame(1, REQUEST) + peer.rst_frame(1)
                      + peer.headers_frame(3, REQUEST) + peer.rst_frame(3))
    with pytest.raises(DenialOfServiceError):
        conn.receive_data(peer.headers_frame(5, REQUEST) + peer.rst_frame(5))


def test_completed_streams_offset_resets() -> None:
    conn, peer = server(max_rapid_resets=2)
    sid = 1
    for _ in range(5):
        conn.receive_data(peer.headers_frame(sid, REQUEST) + peer.rst_frame(sid))
        conn.receive_data(peer.headers_frame(sid + 2, REQUEST, end_stream=True))
        conn.send_headers(sid + 2, RESPONSE)
        conn.send_data(sid + 2, b"ok", end_stream=True)
        conn.data_to_send()
        sid += 4
    assert conn._dos.rapid_resets == 0


def test_completion_via_end_stream_helpers() -> None:
    conn, peer = server(max_rapid_resets=2)
    conn.receive_data(peer.headers_frame(1, REQUEST) + peer.rst_frame(1))
    conn.receive_data(peer.headers_frame(3, REQUEST))
    conn.send_headers(3, RESPONSE)
    conn.end_stream(3)
    conn.receive_data(peer.data_frame(3, b"", end_stream=True))
    assert conn._dos.rapid_resets == 0
    conn.receive_data(peer.headers_frame(5, REQUEST) + peer.rst_frame(5))
    conn.receive_data(peer.headers_frame(7, REQUEST, end_stream=True))
    conn.send_headers(7, RESPONSE)
    conn.end_stream(7)
    assert conn._dos.rapid_resets == 0


def test_resets_of_our_own_streams_do_not_count() -> None:
    conn, peer = client(max_rapid_resets=1)
    for sid in (1, 3, 5):
        conn.send_headers(sid, REQUEST, end_stream=True)
        conn.receive_data(peer.rst_frame(sid))
    assert conn._dos.rapid_resets == 0


# --------------------------------------------------------------------------
# logging (Appendix B 30 fixed: a plain logging.Logger works)
# --------------------------------------------------------------------------


def test_output_logger_sees_frames() -> None:
    out = io.StringIO()
    conn = H2Connection(H2Configuration(client_side=False, logger=OutputLogger(out)))
    conn.receive_data(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + Peer.settings_frame({}))
    assert "h2 (debug): Received frame: SettingsFrame" in out.getvalue()


def test_standard_logger_is_usable() -> None:
    logger = logging.getLogger("h2-test")
    conn = H2Connection(H2Configuration(client_side=False, logger=logger))
    conn.receive_data(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + Peer.settings_frame({}))
