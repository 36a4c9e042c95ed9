"""The ``Frame`` base class: 9-byte header codec, flags plumbing, repr, parsing entry points.

RFC 9113 §4.1 frame layout::

    Length (24) | Type (8) | Flags (8) | Reserved (1) | Stream Identifier (31) | Payload

Concrete frame classes live one per module next to this one.  The code they
share is compiled per class by ``__init_subclass__``, so it runs as fast as a
hand-written copy, with the class's own tables as constants:

* ``_init_frame(stream_id, flags)``: the stream association check and the
  stream id / flags / ``body_len`` stores every constructor starts with;
* ``_from_wire(stream_id, flag_byte)``: the straight-line constructor
  ``parse_frame_header`` calls (a staticmethod, so calling it allocates no
  bound method), built from the class's ``_wire_fields``.  A subclass without
  its own ``_wire_fields``, user subclasses included, keeps its own
  ``_from_wire`` or gets the generic ``cls(stream_id)`` + ``parse_flags`` path.
"""

from __future__ import annotations

import builtins
import struct
from collections.abc import Callable, Iterable, MutableSet
from functools import partial
from typing import Any, ClassVar, Final, TypeVar

from ..exceptions import InvalidDataError, InvalidFrameError, UnknownFrameError
from ..flags import Flag, Flags, flag_positions
from . import registry

__all__ = [
    "FLAG_BYTE",
    "FRAME_MAX_ALLOWED_LEN",
    "FRAME_MAX_LEN",
    "Frame",
    "WireFields",
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

# A class's own fields as (slot name, value a parsed header starts from).
WireFields = tuple[tuple[str, object], ...]

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


# A ``_wire_fields`` value meaning "the raw flag byte of the parsed header".
FLAG_BYTE: Final = object()


def _compile(cls: builtins.type[Frame], name: str, source: list[str], **names: Any) -> Any:
    """Compile the function ``name`` from ``source`` lines for class ``cls``."""
    namespace: dict[str, Any] = {
        "cls": cls,
        "new_object": _new_object,
        "Flags": Flags,
        "positions": cls._flag_positions,
        "flags_mask": flags_mask,
        "missing_stream_id": missing_stream_id,
        "unexpected_stream_id": unexpected_stream_id,
        **names,
    }
    exec(compile("\n".join(source), f"<{cls.__qualname__}.{name}>", "exec"), namespace)
    function = namespace[name]
    function.__qualname__ = f"{cls.__qualname__}.{name}"
    return function


def _header_source(cls: builtins.type[Frame], mask: str) -> list[str]:
    """Lines storing the stream id, flags (bit mask from ``mask``) and ``body_len`` of ``frame``.

    RFC 9113 §6: each type belongs to a stream, to the connection, or to
    either; the stream id is checked against ``cls.stream_association`` first.
    """
    association = cls.stream_association
    if association == ASSOCIATION_HAS_STREAM:
        check = ["    if not stream_id:", "        raise missing_stream_id(cls)"]
    elif association == ASSOCIATION_NO_STREAM:
        check = ["    if stream_id:", "        raise unexpected_stream_id(cls, stream_id)"]
    else:
        check = []
    return [
        *check,
        "    frame.stream_id = stream_id",
        "    frame.flags = mine = new_object(Flags)",
        "    mine._positions = positions",
        f"    mine._mask = {mask}",
        "    frame.body_len = 0",
    ]


def _compile_init_frame(cls: builtins.type[Frame]) -> Callable[[Frame, int, Iterable[str]], None]:
    """``_init_frame(frame, stream_id, flags)``: the stream id + flags part of ``cls.__init__``."""
    source = [
        "def _init_frame(frame, stream_id, flags):",
        *_header_source(cls, "flags_mask(cls, flags) if flags else 0"),
    ]
    init_frame: Callable[[Frame, int, Iterable[str]], None] = _compile(cls, "_init_frame", source)
    return init_frame


def _compile_from_wire(cls: builtins.type[F], fields: WireFields) -> Callable[[int, int], F]:
    """Straight-line ``_from_wire(stream_id, flag_byte)`` for ``cls``.

    It has the effect of ``cls(stream_id)`` then ``parse_flags(flag_byte)``
    without their calls: check the stream association, store the stream id,
    the flags and ``body_len``, then each ``(slot, value)`` of ``fields`` in
    order.  The value ``dict`` or ``list`` stores a fresh empty one per frame,
    ``FLAG_BYTE`` the raw flag byte; any other value is shared, so it must be
    immutable.
    """
    mask = "byte_to_mask[flag_byte]" if cls.defined_flags else "0"
    source = [
        "def _from_wire(stream_id, flag_byte):",
        "    frame = new_object(cls)",
        *_header_source(cls, mask),
    ]
    values: dict[str, object] = {"byte_to_mask": cls._byte_to_mask}
    for index, (slot, value) in enumerate(fields):
        if value is FLAG_BYTE:
            expression = "flag_byte"
        elif value is dict or value is list:
            expression = "{}" if value is dict else "[]"
        else:
            expression = f"value_{index}"
            values[expression] = value
        source.append(f"    frame.{slot} = {expression}")
    source.append("    return frame")
    from_wire: Callable[[int, int], F] = _compile(cls, "_from_wire", source, **values)
    return from_wire


class Frame:
    """Base class of every HTTP/2 frame (RFC 9113 §4.1)."""

    # The fields live in slots; "__dict__" keeps 6.1's open instances, so callers
    # can attach attributes or shadow a class attribute such as ``type`` (h2's
    # tests fabricate unknown frame types that way).  It costs one pointer.
    __slots__ = ("__dict__", "body_len", "flags", "stream_id")

    defined_flags: ClassVar[list[Flag]] = []
    type: int | None = None
    stream_association: ClassVar[str | None] = None

    # The class's own fields as (slot, value a parsed header starts from, see
    # ``_compile_from_wire``); declaring them gives the class a compiled ``_from_wire``.
    _wire_fields: ClassVar[WireFields] = ()

    # Per-class tables computed once by __init_subclass__.
    _frame_name: ClassVar[str] = "frame"
    _flag_positions: ClassVar[dict[str, int]] = {}
    _byte_to_mask: ClassVar[tuple[int, ...]] = (0,) * 256
    _mask_to_byte: ClassVar[tuple[int, ...]] = (0,)

    # Compiled per class: check and store the stream id, store the flags and
    # ``body_len``; every constructor starts with it.
    _init_frame: ClassVar[Callable[[Frame, int, Iterable[str]], None]]

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
        cls._init_frame = _compile_init_frame(cls)
        if "_wire_fields" in cls.__dict__:
            from_wire: Any = staticmethod(_compile_from_wire(cls, cls._wire_fields))
        else:
            # Without a fields list of its own (user subclasses included) a
            # class keeps its own ``_from_wire`` or is built through __init__.
            from_wire = cls.__dict__.get("_from_wire") or staticmethod(
                partial(_generic_from_wire, cls)
            )
        cls._from_wire = from_wire  # type: ignore[method-assign]

    def __init__(self, stream_id: int, flags: Iterable[str] = ()) -> None:
        self._init_frame(stream_id, flags)

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


# The base class's own (it has no stream association to check).
Frame._init_frame = _compile_init_frame(Frame)


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

