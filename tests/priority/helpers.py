"""Structural invariants of a PriorityTree, checked by several test modules."""

from __future__ import annotations

from priority import PriorityTree, Stream


def is_live(stream: Stream) -> bool:
    """True if the stream or one of its descendants is active (walks the subtree)."""
    return stream.active or any(is_live(kid) for kid in stream.children)


def check_invariants(tree: PriorityTree) -> None:
    """Assert the tree is a tree and every bookkeeping count is right."""
    streams = tree._streams
    root = streams[0]
    assert root.parent is None
    assert not root.active
    # Every stream reaches the root without a loop, through its parent's child list.
    for stream_id, stream in streams.items():
        assert stream.stream_id == stream_id
        assert 1 <= stream.weight <= 256
        node = stream
        for _ in range(len(streams)):
            if node.parent is None:
                break
            assert node.parent.children.count(node) == 1
            assert streams[node.parent.stream_id] is node.parent
            node = node.parent
        assert node is root, f"stream {stream_id} does not reach the root"
    # Every stream is exactly one child of exactly one parent.
    child_total = sum(len(stream.children) for stream in streams.values())
    assert child_total == len(streams) - 1
    # Liveness bookkeeping: live children are queued, the others are not.
    for stream in streams.values():
        live_kids = [kid for kid in stream.children if is_live(kid)]
        assert stream._live_children == len(live_kids)
        queued = [entry for entry in stream._queue if entry[2]._entry is entry]
        assert sorted(entry[2].stream_id for entry in queued) == sorted(
            kid.stream_id for kid in live_kids
        )
        assert all(kid.parent is stream for _, _, kid in queued)
        assert stream._stale == len(stream._queue) - len(queued)
        for kid in stream.children:
            assert (kid._entry is not None) == is_live(kid)


def parent_map(tree: PriorityTree) -> dict[int, int]:
    """{stream id: parent id} for every stream but the root."""
    return {
        stream_id: stream.parent.stream_id
        for stream_id, stream in tree._streams.items()
        if stream.parent is not None
    }
