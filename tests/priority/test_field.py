"""The RFC 9218 §4 Priority field value: parsing (RFC 8941 Dictionary) and serializing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from priority import (
    BadPriorityParameterError,
    PriorityParams,
    parse_priority_field,
    serialize_priority_field,
)
from priority.field import is_valid_priority_field


@pytest.mark.parametrize(
    ("value", "urgency", "incremental"),
    [
        # RFC 9218 §4.1 / §4.2 examples.
        ("u=0", 0, False),
        ("u=5, i", 5, True),
        (b"u=1, i", 1, True),
        (bytearray(b"u=2"), 2, False),
        ("i", 3, True),
        ("i=?1", 3, True),
        ("i=?0", 3, False),
        ("u=7,i", 7, True),
        ("  u=6 ,\ti  ", 6, True),
        ("", 3, False),
        ("   ", 3, False),
        # RFC 9218 §4: unknown parameters are ignored.
        ("x=5, u=2, foo=bar, *k=?1", 2, False),
        # Parameters on members carry no meaning here.
        ("u=2;x=1;y, i;z=?0", 2, True),
        # RFC 8941 §4.2.2: a repeated key keeps the last value.
        ("u=1, u=4", 4, False),
        ("i, i=?0", 3, False),
    ],
)
def test_parses(value: str | bytes, urgency: int, incremental: bool) -> None:
    assert parse_priority_field(value) == PriorityParams(urgency, incremental)
    assert is_valid_priority_field(value)


@pytest.mark.parametrize(
    ("value", "urgency", "incremental"),
    [
        # RFC 9218 §4: out-of-range values and unexpected types are ignored (default).
        ("u=8", 3, False),
        ("u=-1", 3, False),
        ("u=100, i", 3, True),
        ("u=1.0", 3, False),
        ("u", 3, False),
        ("u=?1", 3, False),
        ('u="1"', 3, False),
        ("u=one", 3, False),
        ("u=:AQ==:", 3, False),
        ("u=(1)", 3, False),
        ("u=@1", 3, False),
        ("i=1", 3, False),
        ("i=?1, u=0.5", 3, True),
        ('i="?1"', 3, False),
        ("i=(?1)", 3, False),
        ("i=yes, u=4", 4, False),
    ],
)
def test_ignores_members_of_the_wrong_type_or_range(
    value: str, urgency: int, incremental: bool
) -> None:
    assert parse_priority_field(value) == PriorityParams(urgency, incremental)
    assert is_valid_priority_field(value)


VALID_OTHER_MEMBERS = [
    'a="x\\"y\\\\z"',
    "a=:aGk=:",
    "a=::",
    "a=:aGk:",
    "a=tok/en:x*",
    "a=*tok",
    "a=?0",
    "a=@1659578233",
    "a=@-5",
    'a=%"caf%c3%a9"',
    'a=%""',
    'a=(1 "x" tok ?1 2.5);p=1;q',
    "a=()",
    "a=( 1  2 )",
    "a=-1.5",
    "a=123456789012.123",
    "a=-999999999999999",
    "a;p=:aGk=:;q=tok;r=1.5",
    "a; p=1",
]


@pytest.mark.parametrize("member", VALID_OTHER_MEMBERS)
def test_other_members_of_every_type_do_not_break_parsing(member: str) -> None:
    # RFC 8941 §3: a future parameter can carry any bare item type.
    assert parse_priority_field(f"{member}, u=1, i") == PriorityParams(1, True)
    assert parse_priority_field(f"u=1, i, {member}") == PriorityParams(1, True)


MALFORMED = [
    # Dictionary syntax (RFC 8941 §4.2.2).
    "u=1,",
    "u=1, ",
    ",u=1",
    "u=1 i",
    "u=1;",
    "u==1",
    "U=1",
    "1u=1",
    "u=1,,i",
    "\tu=1",
    "u=1\t\t,",
    # Integers and decimals (§4.2.4).
    "u=",
    "u=-",
    "u=--1",
    "u=1234567890123456",
    "u=1234567890123.5",
    "u=1.",
    "u=1.2345",
    "u=1.2.3",
    # Strings (§4.2.5).
    'a="abc',
    'a="a\\x"',
    'a="a\\',
    'a="caf\x7f"',
    # Tokens and keys.
    "a=tok(en)",
    # Byte sequences (§4.2.7).
    "a=:abc",
    "a=:ab!c:",
    "a=:a:",
    # Booleans (§4.2.8).
    "a=?2",
    "a=?",
    # Inner lists (§4.2.1.2).
    "a=(1 2",
    "a=(1,2)",
    "a=(",
    "a=(1)x",
    # Parameters (§4.2.3.2).
    "a;=1",
    "a;p=",
    # Dates and display strings (RFC 9651).
    "a=@1.5",
    "a=@x",
    "a=%x",
    'a=%"%zz"',
    'a=%"%C3%A9"',
    'a=%"%ff"',
    'a=%"%c3',
    'a=%"abc',
    'a=%"\x01"',
    'a=%"%a"',
    # Non-ASCII.
    "u=1, é",
    b"u=1, \xff",
]


@pytest.mark.parametrize("value", MALFORMED)
def test_malformed_field_falls_back_to_defaults(value: str | bytes) -> None:
    # RFC 9218 §4: parse as in RFC 8941 §4.2; if that fails the whole field is ignored.
    assert parse_priority_field(value) == PriorityParams()
    assert not is_valid_priority_field(value)


def test_non_text_value_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        parse_priority_field(None)  # type: ignore[arg-type]


@given(st.text(max_size=40))
def test_never_raises_on_text(value: str) -> None:
    params = parse_priority_field(value)
    assert 0 <= params.urgency <= 7


@given(st.binary(max_size=40))
def test_never_raises_on_bytes(value: bytes) -> None:
    params = parse_priority_field(value)
    assert isinstance(params.incremental, bool)


@pytest.mark.parametrize(
    ("urgency", "incremental", "expected"),
    [
        (3, False, b""),
        (0, False, b"u=0"),
        (3, True, b"i"),
        (1, True, b"u=1, i"),
        (7, True, b"u=7, i"),
    ],
)
def test_serialize_omits_defaults(urgency: int, incremental: bool, expected: bytes) -> None:
    assert serialize_priority_field(urgency, incremental) == expected
    assert serialize_priority_field() == b""


@given(st.integers(min_value=0, max_value=7), st.booleans())
def test_round_trip(urgency: int, incremental: bool) -> None:
    wire = serialize_priority_field(urgency, incremental)
    assert parse_priority_field(wire) == PriorityParams(urgency, incremental)


@pytest.mark.parametrize(
    ("urgency", "incremental"), [(8, False), (-1, False), (True, False), (1.0, False), (1, 1)]
)
def test_serialize_rejects_bad_parameters(urgency: object, incremental: object) -> None:
    with pytest.raises(BadPriorityParameterError):
        serialize_priority_field(urgency, incremental)  # type: ignore[arg-type]


def test_params_are_frozen_with_defaults() -> None:
    params = PriorityParams()
    assert (params.urgency, params.incremental) == (3, False)
    with pytest.raises(AttributeError):
        params.urgency = 1  # type: ignore[misc]
