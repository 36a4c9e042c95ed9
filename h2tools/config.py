"""Tunable limits shared by the client and the server.

Every limit that protects memory or CPU lives here with a safe default, so a
deployment can tighten or relax it in one place.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Per-connection limits.

    Buffering is bounded by flow control: we only acknowledge DATA once the
    application has consumed it, so at most ``stream_window`` bytes wait in
    one stream's body buffer and at most ``connection_window`` bytes in all
    of a connection's body buffers together.
    """

    #: SETTINGS_MAX_CONCURRENT_STREAMS we advertise (RFC 9113 §6.5.2).
    max_concurrent_streams: int = 100
    #: SETTINGS_INITIAL_WINDOW_SIZE we advertise: the per-stream receive buffer bound.
    stream_window: int = 256 * 1024
    #: Connection receive window (RFC 9113 §6.9.2): the bound over all streams.
    connection_window: int = 1024 * 1024
    #: SETTINGS_MAX_HEADER_LIST_SIZE we advertise and enforce on decoded header blocks.
    max_header_list_size: int = 64 * 1024
    #: Bytes of outbound control frames (ACKs, resets) allowed to pile up while the
    #: peer does not read; beyond this the connection is closed with ENHANCE_YOUR_CALM.
    max_write_backlog: int = 1024 * 1024
    #: RST_STREAM frames received per second before the peer is deemed abusive
    #: (the "rapid reset" attack, CVE-2023-44487).
    max_resets_per_second: int = 500
    #: PING and SETTINGS frames received per second before the peer is deemed abusive.
    max_control_frames_per_second: int = 500
    #: Size of the HTTP/1.1 head we read while sniffing for the preface or an h2c upgrade.
    max_http1_head: int = 16 * 1024
    #: Body of an HTTP/1.1 request that asks for an h2c upgrade (RFC 7540 §3.2).
    max_upgrade_body: int = 64 * 1024
    #: Open connections a server accepts at once; beyond it new ones are closed at once.
    max_connections: int = 10_000
    #: Seconds a connection may stay silent before it is closed (None: never).
    idle_timeout: float | None = 300.0
    #: Seconds allowed between accepting a connection and reading the HTTP/2 preface.
    handshake_timeout: float = 10.0
    #: Seconds in-flight streams get to finish during a graceful shutdown.
    shutdown_grace: float = 10.0

    def __post_init__(self) -> None:
        if not 1 <= self.stream_window <= 2**31 - 1:
            raise ValueError("stream_window must be in 1..2**31-1 (RFC 9113 §6.5.2)")
        if not 65535 <= self.connection_window <= 2**31 - 1:
            raise ValueError("connection_window must be in 65535..2**31-1 (RFC 9113 §6.9.2)")
        positive = (
            "max_connections",
            "max_concurrent_streams",
            "max_header_list_size",
            "max_write_backlog",
            "max_resets_per_second",
            "max_control_frames_per_second",
            "max_http1_head",
        )
        for name in positive:
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive")
        if self.max_upgrade_body < 0:
            raise ValueError("max_upgrade_body must not be negative")
