"""ALTSVC frames (RFC 7838 §4)."""

from __future__ import annotations

import pytest

from hyperframe.exceptions import InvalidDataError, InvalidFrameError
from hyperframe.frame import AltSvcFrame

from .helpers import parse


def test_class_attributes() -> None:
    assert AltSvcFrame.type == 0xA and AltSvcFrame.defined_flags == []
    assert AltSvcFrame.stream_association == "either"


# RFC 7838 §4: Origin-Len (16) + Origin + Alt-Svc-Field-Value.
def test_round_trip_on_stream_zero_with_origin() -> None:
    frame = AltSvcFrame(0, b"example.com", b'h2="alt.example.com:443"')
    wire = frame.serialize()
    assert wire[9:11] == b"\x00\x0b" and wire[11:22] == b"example.com"
    parsed = parse(wire)
    assert isinstance(parsed, AltSvcFrame)
    assert (parsed.origin, parsed.field) == (frame.origin, frame.field)
    assert parsed.body_len == len(wire) - 9


def test_stream_frame_without_origin() -> None:
    parsed = parse(AltSvcFrame(3, field=b'h2=":8000"').serialize())
    assert isinstance(parsed, AltSvcFrame)
    assert (parsed.origin, parsed.field) == (b"", b'h2=":8000"')


def test_no_semantic_validation_of_stream_and_origin() -> None:
    assert AltSvcFrame(1, b"o", b"f").serialize()[9:] == b"\x00\x01of"


@pytest.mark.parametrize(("origin", "field"), [("text", b""), (b"", "text")])
def test_constructor_requires_bytes(origin: object, field: object) -> None:
    with pytest.raises(InvalidDataError, match="bytestring"):
        AltSvcFrame(0, origin, field)  # type: ignore[arg-type]


def test_serialize_requires_bytes_too() -> None:
    frame = AltSvcFrame(0)
    frame.origin = "text"  # type: ignore[assignment]
    with pytest.raises(InvalidDataError, match="origin"):
        frame.serialize()
    frame = AltSvcFrame(0)
    frame.field = bytearray(b"x")  # type: ignore[assignment]
    with pytest.raises(InvalidDataError, match="field"):
        frame.serialize()


def test_serialize_origin_too_long() -> None:
    with pytest.raises(InvalidDataError, match="65535"):
        AltSvcFrame(0, b"o" * 0x10000).serialize()


@pytest.mark.parametrize("payload", ["", "00", "0005616263"])
def test_parse_truncated(payload: str) -> None:
    with pytest.raises(InvalidFrameError, match="ALTSVC"):
        AltSvcFrame(0).parse_body(memoryview(bytes.fromhex(payload)))


def test_repr() -> None:
    assert repr(AltSvcFrame(0, b"o", b"f")) == (
        "AltSvcFrame(stream_id=0, flags=[]): origin=b'o', field=b'f'"
    )
