"""h2.exceptions: hierarchy, attributes, messages (contract §5.4, §1.3)."""

from __future__ import annotations

import pytest

import h2.exceptions as exc
from h2.errors import ErrorCodes


@pytest.mark.parametrize(
    ("cls", "parent"),
    [
        (exc.H2Error, Exception),
        (exc.ProtocolError, exc.H2Error),
        (exc.FrameTooLargeError, exc.ProtocolError),
        (exc.FrameDataMissingError, exc.ProtocolError),
        (exc.TooManyStreamsError, exc.ProtocolError),
        (exc.FlowControlError, exc.ProtocolError),
        (exc.StreamIDTooLowError, exc.ProtocolError),
        (exc.NoAvailableStreamIDError, exc.ProtocolError),
        (exc.NoSuchStreamError, exc.ProtocolError),
        (exc.StreamClosedError, exc.NoSuchStreamError),
        (exc.InvalidSettingsValueError, exc.ProtocolError),
        (exc.InvalidSettingsValueError, ValueError),
        (exc.InvalidBodyLengthError, exc.ProtocolError),
        (exc.UnsupportedFrameError, exc.ProtocolError),
        (exc.DenialOfServiceError, exc.ProtocolError),
        (exc.RFC1122Error, exc.H2Error),
    ],
)
def test_hierarchy(cls: type, parent: type) -> None:
    assert issubclass(cls, parent)


def test_rfc1122_error_is_not_a_protocol_error() -> None:
    assert not issubclass(exc.RFC1122Error, exc.ProtocolError)
    assert not hasattr(exc.RFC1122Error, "error_code")


def test_all_lists_fifteen_classes() -> None:
    assert len(exc.__all__) == 15
    for name in exc.__all__:
        assert issubclass(getattr(exc, name), exc.H2Error)


@pytest.mark.parametrize(
    ("cls", "code"),
    [
        (exc.ProtocolError, ErrorCodes.PROTOCOL_ERROR),
        (exc.FrameTooLargeError, ErrorCodes.FRAME_SIZE_ERROR),
        (exc.FrameDataMissingError, ErrorCodes.FRAME_SIZE_ERROR),
        (exc.TooManyStreamsError, ErrorCodes.PROTOCOL_ERROR),
        (exc.FlowControlError, ErrorCodes.FLOW_CONTROL_ERROR),
        (exc.NoAvailableStreamIDError, ErrorCodes.PROTOCOL_ERROR),
        (exc.InvalidBodyLengthError, ErrorCodes.PROTOCOL_ERROR),
        (exc.UnsupportedFrameError, ErrorCodes.PROTOCOL_ERROR),
        (exc.DenialOfServiceError, ErrorCodes.ENHANCE_YOUR_CALM),
        (exc.NoSuchStreamError, ErrorCodes.PROTOCOL_ERROR),
    ],
)
def test_class_error_codes(cls: type[exc.ProtocolError], code: ErrorCodes) -> None:
    assert cls.error_code == code


def test_stream_id_too_low() -> None:
    error = exc.StreamIDTooLowError(3, 5)
    assert (error.stream_id, error.max_stream_id) == (3, 5)
    assert str(error) == "StreamIDTooLowError: 3 is lower than 5"


def test_no_such_stream() -> None:
    error = exc.NoSuchStreamError(5)
    assert error.stream_id == 5
    assert str(error) == "5"


def test_stream_closed_has_instance_code_and_events() -> None:
    error = exc.StreamClosedError(7)
    assert error.stream_id == 7
    assert str(error) == "7"
    assert error.error_code == ErrorCodes.STREAM_CLOSED
    assert "error_code" in vars(error)
    assert error._events == []
    # The class attribute is untouched.
    assert exc.NoSuchStreamError.error_code == ErrorCodes.PROTOCOL_ERROR


def test_invalid_settings_value_error() -> None:
    error = exc.InvalidSettingsValueError("bad", ErrorCodes.FLOW_CONTROL_ERROR)
    assert error.error_code == ErrorCodes.FLOW_CONTROL_ERROR
    assert str(error) == "bad"
    assert isinstance(error, ValueError)


def test_invalid_body_length() -> None:
    error = exc.InvalidBodyLengthError(10, 12)
    assert (error.expected_length, error.actual_length) == (10, 12)
    assert str(error) == "InvalidBodyLengthError: Expected 10 bytes, received 12"
