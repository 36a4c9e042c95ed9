"""Just enough Structured Fields (RFC 8941, with RFC 9651's additions) to parse a Dictionary.

The Priority field (RFC 9218 §4) is a Dictionary.  Its own members are an
Integer and a Boolean, but a valid field can carry members of any type (future
priority parameters), so every bare-item type is parsed and checked here:
getting one wrong would throw away a peer's valid urgency.  Any syntax error
fails the whole field with :class:`StructuredFieldError`.

Values come back as Python objects: ``int`` (Integer), ``bool`` (Boolean),
``float`` (Decimal), ``str`` (String), :class:`Token`, ``bytes`` (Byte
Sequence), :class:`Date`, :class:`DisplayString`, or a ``tuple`` of those for
an Inner List.  Parameters are validated and dropped: RFC 9218 gives them no
meaning.
"""

from __future__ import annotations

import base64
import binascii
import string

__all__ = ["Date", "DisplayString", "StructuredFieldError", "Token", "parse_dictionary"]

_LCALPHA = frozenset(string.ascii_lowercase)
_DIGITS = frozenset(string.digits)
_ALPHA = frozenset(string.ascii_letters)
_KEY_FIRST = _LCALPHA | {"*"}
_KEY_REST = _LCALPHA | _DIGITS | frozenset("_-.*")
# RFC 9110 tchar, plus ":" and "/" which RFC 8941 §3.3.4 allows inside tokens.
_TOKEN_REST = _ALPHA | _DIGITS | frozenset("!#$%&'*+-.^_`|~:/")
_BASE64 = _ALPHA | _DIGITS | frozenset("+/=")
_LOWER_HEX = frozenset("0123456789abcdef")
_OWS = frozenset(" \t")
_MAX_INTEGER_DIGITS = 15
_MAX_DECIMAL_INT_DIGITS = 12
_MAX_DECIMAL_FRAC_DIGITS = 3


class StructuredFieldError(ValueError):
    """The text is not a valid Structured Field Dictionary."""


class Token(str):
    """An RFC 8941 §3.3.4 Token (kept apart from String)."""

    __slots__ = ()


class Date(int):
    """An RFC 9651 §3.3.7 Date (seconds since the epoch)."""

    __slots__ = ()


class DisplayString(str):
    """An RFC 9651 §3.3.8 Display String."""

    __slots__ = ()


BareItem = int | bool | float | str | bytes
Value = BareItem | tuple[BareItem, ...]


class _Parser:
    __slots__ = ("pos", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def fail(self, what: str) -> StructuredFieldError:
        return StructuredFieldError(f"{what} at offset {self.pos}")

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    # RFC 8941 §4.2.2
    def dictionary(self) -> dict[str, Value]:
        members: dict[str, Value] = {}
        text = self.text
        while self.pos < len(text):
            key = self.key()
            value: Value
            if self.peek() == "=":
                self.pos += 1
                value = self.inner_list() if self.peek() == "(" else self.bare_item()
            else:
                value = True
            self.parameters()
            members[key] = value
            while self.peek() in _OWS:
                self.pos += 1
            if self.pos == len(text):
                return members
            if text[self.pos] != ",":
                raise self.fail("expected ','")
            self.pos += 1
            while self.peek() in _OWS:
                self.pos += 1
            if self.pos == len(text):
                raise self.fail("trailing ','")
        return members

    # RFC 8941 §4.2.3.3
    def key(self) -> str:
        start = self.pos
        if self.peek() not in _KEY_FIRST:
            raise self.fail("expected a key")
        self.pos += 1
        while self.pos < len(self.text) and self.text[self.pos] in _KEY_REST:
            self.pos += 1
        return self.text[start : self.pos]

    # RFC 8941 §4.2.3.2
    def parameters(self) -> None:
        while self.peek() == ";":
            self.pos += 1
            while self.peek() == " ":
                self.pos += 1
            self.key()
            if self.peek() == "=":
                self.pos += 1
                self.bare_item()

    # RFC 8941 §4.2.1.2
    def inner_list(self) -> tuple[BareItem, ...]:
        self.pos += 1  # "("
        items: list[BareItem] = []
        while self.pos < len(self.text):
            while self.peek() == " ":
                self.pos += 1
            if self.peek() == ")":
                self.pos += 1
                self.parameters()
                return tuple(items)
            items.append(self.bare_item())
            self.parameters()
            if self.peek() not in (" ", ")"):
                raise self.fail("expected ' ' or ')' in an inner list")
        raise self.fail("unterminated inner list")

    # RFC 8941 §4.2.3.1 (+ RFC 9651 Date and Display String)
    def bare_item(self) -> BareItem:
        char = self.peek()
        if char == "-" or char in _DIGITS:
            return self.number()
        if char == '"':
            return self.string()
        if char == "*" or char in _ALPHA:
            return self.token()
        if char == ":":
            return self.byte_sequence()
        if char == "?":
            return self.boolean()
        if char == "@":
            self.pos += 1
            value = self.number()
            if not isinstance(value, int):
                raise self.fail("a date must be an integer")
            return Date(value)
        if char == "%":
            return self.display_string()
        raise self.fail("expected an item")

    # RFC 8941 §4.2.4
    def number(self) -> int | float:
        text = self.text
        start = self.pos
        sign = 1
        if self.peek() == "-":
            sign = -1
            self.pos += 1
        digits_start = self.pos
        if self.peek() not in _DIGITS:
            raise self.fail("expected a digit")
        dot = -1
        while self.pos < len(text):
            char = text[self.pos]
            if char in _DIGITS:
                self.pos += 1
            elif char == "." and dot < 0:
                if self.pos - digits_start > _MAX_DECIMAL_INT_DIGITS:
                    raise self.fail("decimal integer part too long")
                dot = self.pos
                self.pos += 1
            else:
                break
        if dot < 0:
            if self.pos - digits_start > _MAX_INTEGER_DIGITS:
                raise self.fail("integer too long")
            return sign * int(text[digits_start : self.pos])
        fraction = self.pos - dot - 1
        if not 1 <= fraction <= _MAX_DECIMAL_FRAC_DIGITS:
            raise self.fail("decimal needs 1 to 3 fractional digits")
        return float(text[start : self.pos])

    # RFC 8941 §4.2.5
    def string(self) -> str:
        self.pos += 1
        out: list[str] = []
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            self.pos += 1
            if char == "\\":
                escaped = self.peek()
                if escaped not in ('"', "\\"):
                    raise self.fail("bad escape in string")
                self.pos += 1
                out.append(escaped)
            elif char == '"':
                return "".join(out)
            elif not " " <= char <= "~":
                raise self.fail("non-printable character in string")
            else:
                out.append(char)
        raise self.fail("unterminated string")

    # RFC 8941 §4.2.6
    def token(self) -> Token:
        start = self.pos
        self.pos += 1
        while self.pos < len(self.text) and self.text[self.pos] in _TOKEN_REST:
            self.pos += 1
        return Token(self.text[start : self.pos])

    # RFC 8941 §4.2.7
    def byte_sequence(self) -> bytes:
        self.pos += 1
        end = self.text.find(":", self.pos)
        if end < 0:
            raise self.fail("unterminated byte sequence")
        encoded = self.text[self.pos : end]
        if not set(encoded) <= _BASE64:
            raise self.fail("bad character in byte sequence")
        self.pos = end + 1
        try:
            return base64.b64decode(encoded + "=" * (-len(encoded) % 4))
        except binascii.Error:
            raise self.fail("undecodable byte sequence") from None

    # RFC 8941 §4.2.8
    def boolean(self) -> bool:
        self.pos += 1
        char = self.peek()
        if char not in ("0", "1"):
            raise self.fail("a boolean is ?0 or ?1")
        self.pos += 1
        return char == "1"

    # RFC 9651 §4.2.10
    def display_string(self) -> DisplayString:
        if self.text[self.pos + 1 : self.pos + 2] != '"':
            raise self.fail("expected '\"' after '%'")
        self.pos += 2
        text = self.text
        out = bytearray()
        while self.pos < len(text):
            char = text[self.pos]
            self.pos += 1
            if char == "%":
                pair = text[self.pos : self.pos + 2]
                if len(pair) != 2 or not set(pair) <= _LOWER_HEX:
                    raise self.fail("bad percent-encoding in display string")
                out.append(int(pair, 16))
                self.pos += 2
            elif char == '"':
                try:
                    return DisplayString(out.decode("utf-8"))
                except UnicodeDecodeError:
                    raise self.fail("display string is not UTF-8") from None
            elif not " " <= char <= "~":
                raise self.fail("non-printable character in display string")
            else:
                out.append(ord(char))
        raise self.fail("unterminated display string")


def parse_dictionary(value: bytes | str) -> dict[str, Value]:
    """Parse a field value as an RFC 8941 §3.2 Dictionary.

    Raises :class:`StructuredFieldError` for anything that is not one,
    including non-ASCII input.
    """
    if isinstance(value, bytes | bytearray | memoryview):
        try:
            text = bytes(value).decode("ascii")
        except UnicodeDecodeError:
            raise StructuredFieldError("field value is not ASCII") from None
    elif isinstance(value, str):
        text = value
        if not text.isascii():
            raise StructuredFieldError("field value is not ASCII")
    else:
        raise TypeError(f"a field value is bytes or str, not {type(value).__name__}")
    # RFC 8941 §4.2: leading and trailing spaces are discarded.
    parser = _Parser(text.strip(" "))
    return parser.dictionary()
