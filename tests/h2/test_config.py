"""h2.config: H2Configuration, DummyLogger, OutputLogger (contract §5.1)."""

from __future__ import annotations

import io
import logging

import pytest

from h2.config import TRACE_LOG_LEVEL, DummyLogger, H2Configuration, OutputLogger

BOOLEAN_OPTIONS = [
    "client_side",
    "validate_outbound_headers",
    "normalize_outbound_headers",
    "split_outbound_cookies",
    "validate_inbound_headers",
    "normalize_inbound_headers",
]
LIMITS = {
    "max_header_block_size": 262144,
    "max_continuation_frames": 64,
    "max_pending_control_frames": 10000,
    "max_rapid_resets": 1000,
    "max_empty_frames": 1000,
    "max_encoder_table_size": 65536,
    "max_reserved_streams": 100,
}


def test_defaults() -> None:
    config = H2Configuration()
    assert config.client_side is True
    assert config.header_encoding is None
    assert config.validate_outbound_headers is True
    assert config.normalize_outbound_headers is True
    assert config.split_outbound_cookies is False
    assert config.validate_inbound_headers is True
    assert config.normalize_inbound_headers is True
    assert isinstance(config.logger, DummyLogger)
    for name, value in LIMITS.items():
        assert getattr(config, name) == value


def test_positional_arguments_in_contract_order() -> None:
    logger = DummyLogger()
    config = H2Configuration(False, "utf-8", False, False, True, False, False, logger)
    assert config.client_side is False
    assert config.header_encoding == "utf-8"
    assert config.validate_outbound_headers is False
    assert config.normalize_outbound_headers is False
    assert config.split_outbound_cookies is True
    assert config.validate_inbound_headers is False
    assert config.normalize_inbound_headers is False
    assert config.logger is logger


def test_limits_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        H2Configuration(True, None, True, True, False, True, True, None, 5)  # type: ignore[call-arg]


@pytest.mark.parametrize("name", BOOLEAN_OPTIONS)
@pytest.mark.parametrize("bad", [None, 1, 0, "False", "", 1.0])
def test_boolean_options_reject_non_bool(name: str, bad: object) -> None:
    with pytest.raises(ValueError):
        H2Configuration(**{name: bad})  # type: ignore[arg-type]
    config = H2Configuration()
    with pytest.raises(ValueError):
        setattr(config, name, bad)
    assert getattr(config, name) in (True, False)


@pytest.mark.parametrize("name", BOOLEAN_OPTIONS)
def test_boolean_options_assignable(name: str) -> None:
    config = H2Configuration()
    original = getattr(config, name)
    setattr(config, name, not original)
    assert getattr(config, name) is (not original)


@pytest.mark.parametrize("name", BOOLEAN_OPTIONS)
def test_boolean_options_are_data_descriptors_on_the_class(name: str) -> None:
    descriptor = H2Configuration.__dict__[name]
    assert hasattr(descriptor, "__get__") and hasattr(descriptor, "__set__")
    assert descriptor.name == name


@pytest.mark.parametrize("value", [None, False, "", "utf-8", "latin-1"])
def test_header_encoding_accepts(value: object) -> None:
    config = H2Configuration(header_encoding=value)  # type: ignore[arg-type]
    assert config.header_encoding == value
    config.header_encoding = None
    assert config.header_encoding is None


@pytest.mark.parametrize("value", [True, 1, b"utf-8", 3.0])
def test_header_encoding_rejects_other_types(value: object) -> None:
    with pytest.raises(ValueError):
        H2Configuration(header_encoding=value)  # type: ignore[arg-type]
    config = H2Configuration()
    with pytest.raises(ValueError):
        config.header_encoding = value  # type: ignore[assignment]


def test_header_encoding_rejects_unknown_codec() -> None:
    # Deliberate difference: an unusable codec fails at configuration time.
    with pytest.raises(ValueError, match="not a known codec"):
        H2Configuration(header_encoding="no-such-codec")


@pytest.mark.parametrize("name", sorted(LIMITS))
@pytest.mark.parametrize("bad", [0, -1, True, 1.5, "10", None])
def test_limits_reject_non_positive_ints(name: str, bad: object) -> None:
    with pytest.raises(ValueError):
        H2Configuration(**{name: bad})  # type: ignore[arg-type]
    config = H2Configuration()
    with pytest.raises(ValueError):
        setattr(config, name, bad)
    assert getattr(config, name) == LIMITS[name]


@pytest.mark.parametrize("name", sorted(LIMITS))
def test_limits_accept_positive_ints(name: str) -> None:
    config = H2Configuration(**{name: 7})  # type: ignore[arg-type]
    assert getattr(config, name) == 7
    setattr(config, name, 9)
    assert getattr(config, name) == 9
    assert type(H2Configuration.__dict__[name]).__name__ == "_PositiveIntOption"
    assert getattr(H2Configuration, name).name == name


def test_dummy_logger_accepts_anything() -> None:
    logger = DummyLogger("a", 1)
    logger.debug("x %s", 1, extra=2)
    logger.trace("x", object())


def test_output_logger_debug_and_trace() -> None:
    out = io.StringIO()
    logger = OutputLogger(file=out)
    logger.debug("hello %s %d", "a", 3)
    logger.trace("hidden %s", "x")
    assert out.getvalue() == "h2 (debug): hello a 3\n"
    tracing = OutputLogger(file=out, trace_level=True)
    tracing.trace("shown %s", "y")
    assert out.getvalue().endswith("h2 (trace): shown y\n")


def test_output_logger_defaults_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    logger = OutputLogger()
    logger.debug("to stderr")
    assert capsys.readouterr().err == "h2 (debug): to stderr\n"


def test_logger_plain_attribute_semantics() -> None:
    logger = OutputLogger(file=io.StringIO())
    config = H2Configuration(logger=logger)
    assert config.logger is logger
    assert config._logging_active is True
    config.logger = None
    assert isinstance(config.logger, DummyLogger)
    assert config._logging_active is False


def test_log_helpers_with_full_logger() -> None:
    out = io.StringIO()
    config = H2Configuration(logger=OutputLogger(file=out, trace_level=True))
    config._log_debug("d %s", 1)
    config._log_trace("t %s", 2)
    assert out.getvalue() == "h2 (debug): d 1\nh2 (trace): t 2\n"


def test_plain_logging_logger_works(caplog: pytest.LogCaptureFixture) -> None:
    # Appendix B item 30: a logging.Logger has no trace(); trace goes to log(5, ...).
    logger = logging.getLogger("h2-test-config")
    config = H2Configuration(logger=logger)
    with caplog.at_level(TRACE_LOG_LEVEL, logger="h2-test-config"):
        config._log_debug("debug %s", "one")
        config._log_trace("trace %s", "two")
    assert [(r.levelno, r.getMessage()) for r in caplog.records] == [
        (logging.DEBUG, "debug one"),
        (TRACE_LOG_LEVEL, "trace two"),
    ]


def test_logger_without_trace_or_log_is_tolerated() -> None:
    messages: list[str] = []

    class DebugOnly:
        def debug(self, fmt: str, *args: object) -> None:
            messages.append(fmt % args)

    config = H2Configuration(logger=DebugOnly())
    config._log_trace("ignored %s", 1)
    config._log_debug("kept %s", 2)
    assert messages == ["kept 2"]


def test_logger_without_any_method_is_tolerated() -> None:
    config = H2Configuration(logger=object())
    config._log_debug("x")
    config._log_trace("y")


def test_dummy_logger_subclass_counts_as_active() -> None:
    class Recording(DummyLogger):
        def debug(self, *vargs: object, **kwargs: object) -> None:
            pass

    assert H2Configuration(logger=Recording())._logging_active is True
