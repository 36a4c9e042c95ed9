"""Exception hierarchy and messages (API §2.7, §1.3)."""

from __future__ import annotations

import pickle

import pytest

from hyperframe.exceptions import (
    HyperframeError,
    InvalidDataError,
    InvalidFrameError,
    InvalidPaddingError,
    UnknownFrameError,
)

SUBCLASSES = [UnknownFrameError, InvalidPaddingError, InvalidFrameError, InvalidDataError]


@pytest.mark.parametrize("cls", SUBCLASSES)
def test_every_error_is_a_hyperframe_error_and_not_a_value_error(cls: type[Exception]) -> None:
    assert issubclass(cls, HyperframeError)
    assert not issubclass(cls, ValueError)


def test_hyperframe_error_is_an_exception() -> None:
    assert HyperframeError.__mro__[1] is Exception


def test_unknown_frame_error_message_and_attributes() -> None:
    error = UnknownFrameError(0xAB, 123)
    assert error.frame_type == 0xAB and error.length == 123
    assert str(error) == "UnknownFrameError: Unknown frame type 0xAB received, length 123 bytes"


def test_unknown_frame_error_pickles() -> None:
    error = pickle.loads(pickle.dumps(UnknownFrameError(0x20, 4)))
    assert (error.frame_type, error.length) == (0x20, 4)
