"""Flag / Flags contract (API §2.2)."""

from __future__ import annotations

from collections.abc import MutableSet

import pytest

from hyperframe.flags import Flag, Flags
from hyperframe.frame import DataFrame, HeadersFrame
from hyperframe.frame import Flag as ReexportedFlag
from hyperframe.frame import Flags as ReexportedFlags


def make() -> MutableSet[str]:
    return Flags([Flag("VALID_FLAG", 0x00), Flag("OTHER_FLAG", 0x01)])


def test_flag_is_a_named_tuple_that_unpacks() -> None:
    flag = Flag("END_STREAM", 0x01)
    name, bit = flag
    assert (name, bit) == ("END_STREAM", 1)
    assert flag.name == "END_STREAM" and flag.bit == 1
    assert [n for n, _ in DataFrame.defined_flags] == ["END_STREAM", "PADDED"]


def test_frame_module_reexports_the_same_classes() -> None:
    assert ReexportedFlag is Flag and ReexportedFlags is Flags


def test_flags_is_a_mutable_set_of_names() -> None:
    flags = make()
    assert isinstance(flags, MutableSet)
    assert not flags and len(flags) == 0
    flags.add("VALID_FLAG")
    flags.add("VALID_FLAG")  # adding twice is a no-op
    assert "VALID_FLAG" in flags and "OTHER_FLAG" not in flags
    assert list(flags) == ["VALID_FLAG"] and len(flags) == 1


def test_add_unknown_name_raises_value_error() -> None:
    flags = make()
    with pytest.raises(ValueError, match="NOPE"):
        flags.add("NOPE")
    assert len(flags) == 0


def test_discard_never_raises() -> None:
    flags = make()
    flags.add("OTHER_FLAG")
    flags.discard("OTHER_FLAG")
    flags.discard("OTHER_FLAG")
    flags.discard("NOT_DEFINED")
    assert flags == set()


def test_membership_of_non_strings_is_false() -> None:
    flags: MutableSet[object] = make()  # type: ignore[assignment]
    flags.add("VALID_FLAG")
    assert 1 not in flags
    assert None not in flags


def test_equality_with_plain_sets_both_ways() -> None:
    flags = make()
    flags.add("OTHER_FLAG")
    assert flags == {"OTHER_FLAG"}
    assert {"OTHER_FLAG"} == flags
    assert flags != {"VALID_FLAG"}
    assert flags != {"OTHER_FLAG", "VALID_FLAG"}


def test_set_operations_from_the_abc() -> None:
    flags = make()
    flags |= {"VALID_FLAG", "OTHER_FLAG"}
    assert flags == {"VALID_FLAG", "OTHER_FLAG"}
    flags -= {"VALID_FLAG"}
    assert flags == {"OTHER_FLAG"}
    assert flags & {"OTHER_FLAG", "X"} == {"OTHER_FLAG"}
    assert type(flags | {"X"}) is set and flags | {"X"} == {"OTHER_FLAG", "X"}
    flags.clear()
    assert not flags


def test_repr_is_the_sorted_list_of_names() -> None:
    flags = make()
    assert repr(flags) == "[]"
    flags.add("VALID_FLAG")
    flags.add("OTHER_FLAG")
    assert repr(flags) == "['OTHER_FLAG', 'VALID_FLAG']"


def test_iteration_survives_mutation() -> None:
    flags = make()
    flags.add("VALID_FLAG")
    flags.add("OTHER_FLAG")
    for name in flags:
        flags.discard(name)
    assert not flags


def test_duplicate_definitions_are_one_name() -> None:
    flags = Flags([Flag("A", 1), Flag("A", 1), Flag("B", 2)])
    flags.add("A")
    assert list(flags) == ["A"]


def test_frame_flags_are_independent_per_instance() -> None:
    first = HeadersFrame(1)
    second = HeadersFrame(1)
    first.flags.add("END_HEADERS")
    assert "END_HEADERS" not in second.flags
    with pytest.raises(ValueError):
        first.flags.add("ACK")
