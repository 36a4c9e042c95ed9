"""Connection configuration (API contract §5.1) and the two bundled loggers."""

from __future__ import annotations

import codecs
import sys
from collections.abc import Callable
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Final, TextIO

__all__ = ["DummyLogger", "H2Configuration", "OutputLogger"]

#: Level used for ``trace`` messages sent to a ``logging.Logger`` (below DEBUG=10).
TRACE_LOG_LEVEL: Final = 5


#: Signature of ``debug``/``trace``: ``(fmt, *args)``.
_LogMethod = Callable[..., None]


class DummyLogger:
    """A logger that discards everything (the default)."""

    __slots__ = ()

    def __init__(self, *vargs: Any) -> None:
        pass

    def debug(self, *vargs: Any, **kwargs: Any) -> None:
        """Discard a debug message."""

    def trace(self, *vargs: Any, **kwargs: Any) -> None:
        """Discard a trace message."""


class OutputLogger:
    """A logger printing ``h2 (debug): ...`` lines to ``file`` (standard error by default).

    ``trace`` lines are only written when ``trace_level`` is true.
    """

    def __init__(self, file: TextIO | None = None, trace_level: bool = False) -> None:
        self.file: TextIO = file if file is not None else sys.stderr
        self.trace_level = trace_level

    def debug(self, fmtstr: str, *args: Any) -> None:
        """Write one debug line."""
        print(f"h2 (debug): {fmtstr % args}", file=self.file)

    def trace(self, fmtstr: str, *args: Any) -> None:
        """Write one trace line if tracing is enabled."""
        if self.trace_level:
            print(f"h2 (trace): {fmtstr % args}", file=self.file)


class _BooleanOption(property):
    """A data descriptor holding ``True`` or ``False``; anything else → ``ValueError``.

    A ``property`` whose getter is a C-level ``attrgetter``, so reading an
    option (done on every header block) costs little.
    """

    def __init__(self, name: str) -> None:
        storage = "_" + name

        def set_value(instance: object, value: bool) -> None:
            if not isinstance(value, bool):
                raise ValueError(f"{name} must be a bool")
            setattr(instance, storage, value)

        super().__init__(attrgetter(storage), set_value)
        self.name = name


class _PositiveIntOption(property):
    """A data descriptor holding a limit: a positive ``int`` (not a bool)."""

    def __init__(self, name: str) -> None:
        storage = "_" + name

        def set_value(instance: object, value: int) -> None:
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise ValueError(f"{name} must be a positive int, not {value!r}")
            setattr(instance, storage, value)

        super().__init__(attrgetter(storage), set_value)
        self.name = name


def _ignore(fmt: str, /, *args: Any) -> None:
    """Stand-in for a missing logging method."""


class H2Configuration:
    """Settings that change how an ``H2Connection`` behaves.

    The eight options of the compatible API come first (all may be passed
    positionally); the resource limits after them are keyword-only.  Every
    limit protects memory or CPU against a misbehaving peer and must be a
    positive ``int``:

    * ``max_header_block_size``: compressed bytes in one header block
      (HEADERS/PUSH_PROMISE plus CONTINUATIONs);
    * ``max_continuation_frames``: frames in one header block (first frame included);
    * ``max_pending_control_frames``: automatic replies queued but not yet
      taken by ``data_to_send()``;
    * ``max_rapid_resets``: streams opened then reset by the peer before completing;
    * ``max_empty_frames``: consecutive frames that make no progress;
    * ``max_encoder_table_size``: the most HPACK dynamic-table memory our
      encoder uses, whatever SETTINGS_HEADER_TABLE_SIZE the peer allows
      (RFC 7541 §4.2 lets an encoder use less);
    * ``max_reserved_streams``: streams the peer promised (PUSH_PROMISE) that
      are not answered yet; further promises are refused.
    """

    if TYPE_CHECKING:  # what the descriptors below hold, for the type checker
        client_side: bool
        validate_outbound_headers: bool
        normalize_outbound_headers: bool
        split_outbound_cookies: bool
        validate_inbound_headers: bool
        normalize_inbound_headers: bool
        max_header_block_size: int
        max_continuation_frames: int
        max_pending_control_frames: int
        max_rapid_resets: int
        max_empty_frames: int
        max_encoder_table_size: int
        max_reserved_streams: int
    else:
        client_side = _BooleanOption("client_side")
        validate_outbound_headers = _BooleanOption("validate_outbound_headers")
        normalize_outbound_headers = _BooleanOption("normalize_outbound_headers")
        split_outbound_cookies = _BooleanOption("split_outbound_cookies")
        validate_inbound_headers = _BooleanOption("validate_inbound_headers")
        normalize_inbound_headers = _BooleanOption("normalize_inbound_headers")

        max_header_block_size = _PositiveIntOption("max_header_block_size")
        max_continuation_frames = _PositiveIntOption("max_continuation_frames")
        max_pending_control_frames = _PositiveIntOption("max_pending_control_frames")
        max_rapid_resets = _PositiveIntOption("max_rapid_resets")
        max_empty_frames = _PositiveIntOption("max_empty_frames")
        max_encoder_table_size = _PositiveIntOption("max_encoder_table_size")
        max_reserved_streams = _PositiveIntOption("max_reserved_streams")

    def __init__(
        self,
        client_side: bool = True,
        header_encoding: bool | str | None = None,
        validate_outbound_headers: bool = True,
        normalize_outbound_headers: bool = True,
        split_outbound_cookies: bool = False,
        validate_inbound_headers: bool = True,
        normalize_inbound_headers: bool = True,
        logger: Any = None,
        *,
        max_header_block_size: int = 262144,
        max_continuation_frames: int = 64,
        max_pending_control_frames: int = 10000,
        max_rapid_resets: int = 1000,
        max_empty_frames: int = 1000,
        max_encoder_table_size: int = 65536,
        max_reserved_streams: int = 100,
    ) -> None:
        self.client_side = client_side
        self.header_encoding = header_encoding
        self.validate_outbound_headers = validate_outbound_headers
        self.normalize_outbound_headers = normalize_outbound_headers
        self.split_outbound_cookies = split_outbound_cookies
        self.validate_inbound_headers = validate_inbound_headers
        self.normalize_inbound_headers = normalize_inbound_headers
        self.logger = logger
        self.max_header_block_size = max_header_block_size
        self.max_continuation_frames = max_continuation_frames
        self.max_pending_control_frames = max_pending_control_frames
        self.max_rapid_resets = max_rapid_resets
        self.max_empty_frames = max_empty_frames
        self.max_encoder_table_size = max_encoder_table_size
        self.max_reserved_streams = max_reserved_streams

    @property
    def header_encoding(self) -> bool | str | None:
        """Codec used to decode received header names and values, or ``None``/``False``.

        A ``str`` must name a codec Python knows (checked on assignment, so a
        typo fails here with ``ValueError`` instead of on the first request).
        """
        return self._header_encoding

    @header_encoding.setter
    def header_encoding(self, value: bool | str | None) -> None:
        if value is not None and value is not False and not isinstance(value, str):
            raise ValueError("header_encoding must be bool, string, or None")
        if isinstance(value, str) and value:
            try:
                codecs.lookup(value)
            except LookupError:
                raise ValueError(f"header_encoding {value!r} is not a known codec") from None
        self._header_encoding = value

    @property
    def logger(self) -> Any:
        """Object with ``debug(fmt, *args)`` (and ideally ``trace(fmt, *args)``).

        ``None`` installs a :class:`DummyLogger`.  A logger without ``trace``
        (such as ``logging.Logger``) works: trace messages then go to its
        ``log(TRACE_LOG_LEVEL, ...)`` method if it has one and are dropped otherwise.
        """
        return self._logger

    @logger.setter
    def logger(self, value: Any) -> None:
        if value is None:
            value = DummyLogger()
        self._logger = value
        #: True unless the logger is a DummyLogger: lets hot paths skip log calls.
        self._logging_active: bool = type(value) is not DummyLogger
        self._log_debug: _LogMethod = getattr(value, "debug", _ignore)
        trace = getattr(value, "trace", None)
        if trace is None:
            log = getattr(value, "log", None)
            if log is not None:

                def trace(fmt: str, /, *args: Any) -> None:
                    log(TRACE_LOG_LEVEL, fmt, *args)

            else:
                trace = _ignore
        self._log_trace: _LogMethod = trace
