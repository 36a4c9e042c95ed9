"""RST_STREAM frames (RFC 9113 §6.4)."""

from __future__ import annotations

import pytest

from hyperframe.exceptions import InvalidDataError, InvalidFrameError
from hyperframe.frame import RstStreamFrame

from .helpers import parse


def test_class_attributes() -> None:
    assert RstStreamFrame.type == 0x3 and RstStreamFrame.defined_flags == []
    assert RstStreamFrame.stream_association == "has-stream"


# RFC 9113 §6.4: RST_STREAM frames MUST be associated with a stream.
def test_stream_zero_is_rejected() -> None:
    with pytest.raises(InvalidDataError, match="RstStreamFrame"):
        RstStreamFrame(0)


def test_round_trip() -> None:
    frame = RstStreamFrame(5, error_code=8)
    wire = frame.serialize()
    assert wire == bytes.fromhex("00000403000000000500000008")
    parsed = parse(wire)
    assert isinstance(parsed, RstStreamFrame)
    assert (parsed.error_code, parsed.body_len) == (8, 4)


# RFC 9113 §6.4: a length other than 4 octets is a FRAME_SIZE_ERROR.
@pytest.mark.parametrize("size", [0, 3, 5, 8])
def test_parse_wrong_length(size: int) -> None:
    with pytest.raises(InvalidFrameError, match="RST_STREAM frame payload must be exactly 4"):
        RstStreamFrame(1).parse_body(memoryview(b"\x00" * size))


@pytest.mark.parametrize("code", [-1, 2**32, "8"])
def test_error_code_out_of_range(code: object) -> None:
    with pytest.raises(InvalidDataError, match="error_code"):
        RstStreamFrame(1, error_code=code).serialize()  # type: ignore[arg-type]


def test_repr() -> None:
    assert repr(RstStreamFrame(1, 2)) == "RstStreamFrame(stream_id=1, flags=[]): error_code=2"
