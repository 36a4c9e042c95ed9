"""The ``Frame`` base class: 9-byte header codec, flags plumbing, repr, parsing entry points.

RFC 9113 §4.1 frame layout::

    Length (24) | Type (8) | Flags (8) | Reserved (1) | Stream Identifier (31) | Payload

Concrete frame classes live one per module next to this one.  Each of them
provides a fast ``_from_wire`` constructor (a staticmethod, so calling it
allocates no bound method) used by ``parse_frame_header``; any subclass that
does not define its own, user subclasses included, gets the generic
``cls(stream_id)`` + ``parse_flags`` path.
"""

from __future__ import annotations

import builtins
import struct
from collections.abc import Iterable, MutableSet
from functools import partial
from typing import Any, ClassVar, TypeVar

from ..exceptions import InvalidDataError, InvalidFrameError, UnknownFrameError
from ..flags import Flag, Flags, flag_positions
from . import registry

__all__ = [
    "FRAME_MAX_ALLOWED_LEN",
    "FRAME_MAX_LEN",
    "Frame",
    "as_bytes",
    "parse_frame",
    "raw_data_repr",
]

FRAME_MAX_LEN = 16384  # 2**14: the initial SETTINGS_MAX_FRAME_SIZE (RFC 9113 §6.5.2)
FRAME_MAX_ALLOWED_LEN = 16777215  # 2**24 - 1: the largest length the 24-bit field holds

STREAM_ID_MASK = 0x7FFFFFFF  # RFC 9113 §4.1: the reserved bit is ignored / sent as 0
RESERVED_BIT = 0x80000000

_HEADER = struct.Struct(">HBBBL")  # length as 16 + 8 bits, type, flags, stream id
_unpack_header = struct.Struct(">LBL").unpack  # (length << 8 | type), flags, stream id
pack_header = _pack_header = _HEADER.pack

_new_object = object.__new__
_FRAMES = registry.FRAMES
_EXTENSION_FRAMES = registry.EXTENSION_FRAMES
_UNKNOWN_FRAME = registry.UNKNOWN_FRAME

F = TypeVar("F", bound="Frame")

ASSOCIATION_HAS_STREAM = "has-stream"
ASSOCIATION_NO_STREAM = "no-stream"
ASSOCIATION_EITHER = "either"


def raw_data_repr(data: bytes | memoryview | None) -> str:
    """Short hex rendering used in reprs: ``None`` when empty, else ``<hex:...>``."""
    if not data:
        return "None"
    digits = bytes(data).hex()
    if len(digits) > 20:
        digits = digits[:20] + "..."
    return f"<hex:{digits}>"


def as_bytes(frame_name: str, field: str, value: object) -> bytes:
    """``value`` as ``bytes``; only bytes-like objects are accepted."""
    if type(value) is bytes:
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise InvalidDataError(
        f"{frame_name} frame {field} must be bytes, not {type(value).__name__}"
    )


def missing_stream_id(cls: builtins.type[Frame]) -> InvalidDataError:
    # RFC 9113 §6.1, §6.2, §6.3, §6.4, §6.6, §6.10: these frames belong to a stream.
    return InvalidDataError(f"Stream ID must be non-zero for {cls.__name__}")


def unexpected_stream_id(cls: builtins.type[Frame], stream_id: int) -> InvalidDataError:
    # RFC 9113 §6.5, §6.7, §6.8: connection-level frames use stream 0 only.
    return InvalidDataError(f"Stream ID must be zero for {cls.__name__}, got {stream_id}")


def flags_mask(frame_cls: builtins.type[Frame], names: Iterable[str]) -> int:
    """The ``Flags`` mask for ``names``; an undefined name raises ``ValueError``."""
    positions = frame_cls._flag_positions
    mask = 0
    for name in names:
        position = positions.get(name)
        if position is None:
            raise ValueError(f"Unexpected flag: {name!r}. Valid flags are: {sorted(positions)}")
        mask |= position
    return mask


def _generic_from_wire(cls: builtins.type[F], stream_id: int, flag_byte: int) -> F:
    frame = cls(stream_id)
    frame.parse_flags(flag_byte)
    return frame


class Frame:
    """Base class of every HTTP/2 frame (RFC 9113 §4.1)."""

    # The fields live in slots; "__dict__" keeps 6.1's open instances, so callers
    # can attach attributes or shadow a class attribute such as ``type`` (h2's
    # tests fabricate unknown frame types that way).  It costs one pointer.
    __slots__ = ("__dict__", "body_len", "flags", "stream_id")

    defined_flags: ClassVar[list[Flag]] = []
    type: int | None = None
    stream_association: ClassVar[str | None] = None

    # Per-class tables computed once by __init_subclass__.
    _frame_name: ClassVar[str] = "frame"
    _flag_positions: ClassVar[dict[str, int]] = {}
    _byte_to_mask: ClassVar[tuple[int, ...]] = (0,) * 256
    _mask_to_byte: ClassVar[tuple[int, ...]] = (0,)

    stream_id: int
    flags: MutableSet[str]
    body_len: int

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        defined = cls.defined_flags
        positions = flag_positions(defined)
        cls._flag_positions = positions
        cls._byte_to_mask = tuple(
            sum({positions[name] for name, bit in defined if byte & bit}) for byte in range(256)
        )
        cls._mask_to_byte = tuple(
            _bits_for_mask(defined, positions, mask) for mask in range(1 << len(positions))
        )
        if "_from_wire" not in cls.__dict__:
            # Classes without their own fast constructor (user subclasses
            # included) are built through __init__ + parse_flags.
            cls._from_wire = staticmethod(partial(_generic_from_wire, cls))  # type: ignore[method-assign]

    def __init__(self, stream_id: int, flags: Iterable[str] = ()) -> None:
        self.stream_id = stream_id
        self.flags = mine = _new_object(Flags)
        mine._positions = self._flag_positions
        mine._mask = flags_mask(type(self), flags) if flags else 0
        self.body_len = 0
        self._check_stream_association()

    def _check_stream_association(self) -> None:
        association = self.stream_association
        if association == ASSOCIATION_HAS_STREAM:
            if not self.stream_id:
                raise missing_stream_id(type(self))
        elif association == ASSOCIATION_NO_STREAM and self.stream_id:
            raise unexpected_stream_id(type(self), self.stream_id)

    @staticmethod
    def _from_wire(stream_id: int, flag_byte: int) -> Frame:
        """Build an empty frame of this class for a parsed header (set per class)."""
        return _generic_from_wire(Frame, stream_id, flag_byte)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(stream_id={self.stream_id}, flags={self.flags!r}): "
            f"{self._body_repr()}"
        )

    def _body_repr(self) -> str:
        return raw_data_repr(self.serialize_body())

    # -- flags ---------------------------------------------------------------

    def parse_flags(self, flag_byte: int) -> MutableSet[str]:
        """Add every defined flag whose bit is set in ``flag_byte``; return ``self.flags``."""
        flags = self.flags
        if type(flags) is Flags and flags._positions is self._flag_positions:
            flags._mask |= self._byte_to_mask[flag_byte & 0xFF]
        else:
            for name, bit in self.defined_flags:
                if flag_byte & bit:
                    flags.add(name)
        return flags

    def _flag_byte(self) -> int:
        # Slow path of serialize(): ``flags`` was replaced by another set type.
        flags = self.flags
        flag_byte = 0
        for name, bit in self.defined_flags:
            if name in flags:
                flag_byte |= bit
        return flag_byte

    # -- serialisation -------------------------------------------------------

    def serialize(self) -> bytes:
        """The complete frame: 9-byte header followed by ``serialize_body()``."""
        body = self.serialize_body()
        body_len = len(body)
        flags = self.flags
        if type(flags) is Flags and flags._positions is self._flag_positions:
            flag_byte = self._mask_to_byte[flags._mask]
        else:
            flag_byte = self._flag_byte()
        if body_len > FRAME_MAX_ALLOWED_LEN:
            raise self._oversize_error(body_len)
        self.body_len = body_len
        try:
            return (
                _pack_header(
                    body_len >> 8, body_len & 0xFF, self.type, flag_byte,
                    self.stream_id & STREAM_ID_MASK,
                )
                + body
            )
        except (struct.error, TypeError) as exc:
            raise self._header_error(self.type, exc) from None

    def _oversize_error(self, body_len: int) -> InvalidFrameError:
        # RFC 9113 §4.1: the length field has 24 bits; a longer body cannot be framed.
        return InvalidFrameError(
            f"{self._frame_name} frame body of {body_len} bytes exceeds the "
            f"{FRAME_MAX_ALLOWED_LEN}-byte limit of the 24-bit length field"
        )

    def _header_error(self, frame_type: object, exc: Exception) -> InvalidDataError:
        return InvalidDataError(
            f"cannot serialize {self._frame_name} frame header "
            f"(type={frame_type!r}, stream_id={self.stream_id!r}): {exc}"
        )

    def serialize_body(self) -> bytes:
        raise NotImplementedError()

    def parse_body(self, data: memoryview) -> None:
        raise NotImplementedError()

    # -- parsing -------------------------------------------------------------

    @staticmethod
    def parse_frame_header(
        header: bytes | bytearray | memoryview, strict: bool = False, *, extensions: bool = False
    ) -> tuple[Frame, int]:
        """Decode a 9-byte frame header into an empty frame object and its payload length.

        Unknown types give an ``ExtensionFrame`` (``strict=True``: ``UnknownFrameError``).
        With ``extensions=True`` the types of ``EXTENSION_FRAMES`` (ORIGIN,
        PRIORITY_UPDATE) get their own classes.
        """
        try:
            word, flag_byte, stream_id = _unpack_header(header)
        except (struct.error, TypeError):
            raise InvalidFrameError("Invalid frame header") from None
        frame_type = word & 0xFF
        cls = _FRAMES.get(frame_type)
        if cls is None:
            if extensions:
                cls = _EXTENSION_FRAMES.get(frame_type)
            if cls is None:
                if strict:
                    raise UnknownFrameError(frame_type, word >> 8)
                unknown = _UNKNOWN_FRAME[0](frame_type, stream_id & STREAM_ID_MASK)
                unknown.parse_flags(flag_byte)
                return unknown, word >> 8
        return cls._from_wire(stream_id & 0x7FFFFFFF, flag_byte), word >> 8

    @staticmethod
    def explain(data: bytes | memoryview) -> tuple[Frame, int]:
        """Debugging aid: parse one complete frame, print its repr, return ``(frame, length)``."""
        frame, length = parse_frame(data)
        print(frame)
        return frame, length


def _bits_for_mask(defined: list[Flag], positions: dict[str, int], mask: int) -> int:
    flag_byte = 0
    for name, bit in defined:
        if mask & positions[name]:
            flag_byte |= bit
    return flag_byte


def parse_frame(
    data: bytes | bytearray | memoryview,
    strict: bool = False,
    *,
    extensions: bool = False,
    max_length: int = FRAME_MAX_ALLOWED_LEN,
) -> tuple[Frame, int]:
    """Parse one complete frame (header and payload) from the start of ``data``.

    Returns ``(frame, length)`` where ``length`` is the payload length; bytes
    after the frame are ignored.  A payload longer than ``max_length`` (pass
    the receiver's SETTINGS_MAX_FRAME_SIZE, RFC 9113 §4.2) or shorter than the
    header announces raises ``InvalidFrameError``.
    """
    view = memoryview(data)
    frame, length = Frame.parse_frame_header(view[:9], strict, extensions=extensions)
    if length > max_length:
        raise InvalidFrameError(
            f"{frame._frame_name} frame length {length} exceeds the maximum frame size {max_length}"
        )
    available = len(view) - 9
    if available < length:
        raise InvalidFrameError(
            f"truncated {frame._frame_name} frame: header announces {length} payload bytes, "
            f"only {available} present"
        )
    frame.parse_body(view[9 : 9 + length])
    return frame, length

