"""Padding and Priority mixins used by user-defined frame classes (API §2.4)."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest

from hyperframe.exceptions import InvalidDataError, InvalidFrameError
from hyperframe.frame import (
    FRAME_MAX_ALLOWED_LEN,
    ContinuationFrame,
    DataFrame,
    Flag,
    Frame,
    Padding,
    Priority,
)


class PaddedPriorityFrame(Padding, Priority, Frame):
    """A made-up connection-level frame built only from the mixins."""

    defined_flags: ClassVar[list[Flag]] = [Flag("PADDED", 0x08)]
    type = 0xF0
    stream_association: ClassVar[str | None] = "no-stream"

    def serialize_body(self) -> bytes:
        padding = b"\0" * self.pad_length if "PADDED" in self.flags else b""
        return self.serialize_padding_data() + self.serialize_priority_data() + padding

    def parse_body(self, data: memoryview) -> None:
        start = self.parse_padding_data(data)
        self.parse_priority_data(data[start:])
        self.body_len = len(data)


def test_cooperative_constructor_passes_keywords_along_the_mro() -> None:
    frame = PaddedPriorityFrame(
        0, pad_length=2, depends_on=3, stream_weight=4, exclusive=True, flags=["PADDED"]
    )
    assert (frame.pad_length, frame.depends_on, frame.stream_weight, frame.exclusive) == (
        2, 3, 4, True,
    )
    assert frame.serialize() == bytes.fromhex("000008f00800000000" "02" "8000000304" "0000")


def test_mixin_parsing() -> None:
    frame = PaddedPriorityFrame(0, flags=["PADDED"])
    frame.parse_body(memoryview(bytes.fromhex("01" "0000000709" "00")))
    assert (frame.pad_length, frame.depends_on, frame.stream_weight, frame.exclusive) == (
        1, 7, 9, False,
    )
    with pytest.raises(InvalidFrameError, match="PADDED"):
        PaddedPriorityFrame(0, flags=["PADDED"]).parse_body(memoryview(b""))
    unpadded = PaddedPriorityFrame(0)
    assert unpadded.parse_padding_data(memoryview(b"\x05")) == 0
    assert unpadded.serialize_padding_data() == b""


# RFC 9113 §6.5-§6.8 style: "no-stream" frames reject a non-zero stream id.
def test_no_stream_association_in_base_constructor() -> None:
    with pytest.raises(InvalidDataError, match="PaddedPriorityFrame"):
        PaddedPriorityFrame(1)


def test_mixin_pad_length_range() -> None:
    frame = PaddedPriorityFrame(0, pad_length=256, flags=["PADDED"])
    with pytest.raises(InvalidDataError, match="pad_length"):
        frame.serialize()


def test_flow_controlled_length_with_plain_set_flags() -> None:
    frame = DataFrame(1, b"ab", pad_length=3)
    frame.flags = {"PADDED"}
    assert frame.flow_controlled_length == 6
    frame.flags = set()
    assert frame.flow_controlled_length == 2


# RFC 9113 §4.1: a payload longer than 2**24-1 cannot be expressed in the length field.
def test_oversize_body_is_rejected_on_serialize() -> None:
    frame = ContinuationFrame(1, bytes(FRAME_MAX_ALLOWED_LEN + 1))
    with pytest.raises(InvalidFrameError, match="24-bit length field"):
        frame.serialize()
    assert frame.body_len == 0
    frame.data = bytes(FRAME_MAX_ALLOWED_LEN)
    assert frame.serialize()[:3] == b"\xff\xff\xff"


def test_user_subclass_of_mixin_frames_parses(monkeypatch: pytest.MonkeyPatch) -> None:
    from hyperframe.frame import FRAMES

    monkeypatch.setitem(FRAMES, 0xF0, PaddedPriorityFrame)
    frame, length = Frame.parse_frame_header(bytes.fromhex("000006f00800000000"))
    assert isinstance(frame, PaddedPriorityFrame) and frame.flags == {"PADDED"} and length == 6
    kwargs: dict[str, Any] = {}
    assert PaddedPriorityFrame(0, **kwargs).pad_length == 0
