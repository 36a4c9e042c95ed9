"""``python -m hyperframe dump``."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hyperframe.dump import CLIENT_PREFACE, describe, main
from hyperframe.frame import (
    AltSvcFrame,
    ContinuationFrame,
    DataFrame,
    ExtensionFrame,
    Frame,
    GoAwayFrame,
    HeadersFrame,
    OriginFrame,
    PingFrame,
    PriorityFrame,
    PriorityUpdateFrame,
    PushPromiseFrame,
    RstStreamFrame,
    SettingsFrame,
    WindowUpdateFrame,
)

REPO = Path(__file__).resolve().parents[2]


def run(argv: list[str], stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(argv, stdin=io.BytesIO(stdin), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def test_hex_argument() -> None:
    status, out, err = run(["dump", "000004080000000000000003e8"])
    assert (status, err) == (0, "")
    assert out == "WINDOW_UPDATE stream=0 flags=- len=4 increment=1000\n"


def test_hex_split_over_arguments_with_whitespace_and_prefix() -> None:
    status, out, _ = run(["dump", "0x00000408", "00000000 00", "000003e8"])
    assert status == 0 and out.startswith("WINDOW_UPDATE")


def test_every_frame_type_gets_a_summary() -> None:
    frames: list[Frame] = [
        DataFrame(1, b"abc", pad_length=2, flags=["PADDED", "END_STREAM"]),
        HeadersFrame(3, b"hd", depends_on=1, stream_weight=15, exclusive=True,
                     flags=["END_HEADERS", "PRIORITY"]),
        HeadersFrame(5, b"hd"),
        PriorityFrame(5, 3, 7),
        RstStreamFrame(5, 8),
        RstStreamFrame(5, 0x99),
        SettingsFrame(settings={1: 4096, 0x99: 1}),
        SettingsFrame(flags=["ACK"]),
        PushPromiseFrame(1, 2, b"pp", flags=["END_HEADERS"]),
        PingFrame(0, b"12345678"),
        GoAwayFrame(0, 7, 1, b"bye"),
        GoAwayFrame(0, 7, 0),
        WindowUpdateFrame(1, 10),
        ContinuationFrame(3, b"c", flags=["END_HEADERS"]),
        AltSvcFrame(0, b"o", b"f"),
        OriginFrame(origins=[b"https://a"]),
        PriorityUpdateFrame(0, 3, b"u=1"),
        ExtensionFrame(0x20, 1, 0x05, b"xyz"),
    ]
    wire = b"".join(frame.serialize() for frame in frames)
    status, out, err = run(["dump", wire.hex()])
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        "DATA stream=1 flags=END_STREAM|PADDED len=6 data=3B pad=2",
        "HEADERS stream=3 flags=END_HEADERS|PRIORITY len=7 fragment=2B depends_on=1 weight=16 "
        "exclusive",
        "HEADERS stream=5 flags=- len=2 fragment=2B",
        "PRIORITY stream=5 flags=- len=5 depends_on=3 weight=8",
        "RST_STREAM stream=5 flags=- len=4 error=CANCEL(8)",
        "RST_STREAM stream=5 flags=- len=4 error=UNKNOWN(153)",
        "SETTINGS stream=0 flags=- len=12 HEADER_TABLE_SIZE=4096 0x99=1",
        "SETTINGS stream=0 flags=ACK len=0 (empty)",
        "PUSH_PROMISE stream=1 flags=END_HEADERS len=6 promised=2 fragment=2B",
        "PING stream=0 flags=- len=8 opaque=3132333435363738",
        "GOAWAY stream=0 flags=- len=11 last_stream=7 error=PROTOCOL_ERROR(1) debug=b'bye'",
        "GOAWAY stream=0 flags=- len=8 last_stream=7 error=NO_ERROR(0)",
        "WINDOW_UPDATE stream=1 flags=- len=4 increment=10",
        "CONTINUATION stream=3 flags=END_HEADERS len=1 fragment=1B",
        "ALTSVC stream=0 flags=- len=4 origin=b'o' field=b'f'",
        "ORIGIN stream=0 flags=- len=11 origins=[b'https://a']",
        "PRIORITY_UPDATE stream=0 flags=- len=7 prioritized=3 value=b'u=1'",
        "UNKNOWN(0x20) stream=1 flags=0x05 len=3 body=3B",
    ]


def test_origin_with_reserved_flags_shows_raw_byte() -> None:
    frame, length = Frame.parse_frame_header(bytes.fromhex("0000000c0100000000"), extensions=True)
    frame.parse_body(memoryview(b""))
    assert describe(frame, length) == "ORIGIN stream=0 flags=0x01 len=0 origins=[]"


# RFC 9113 §3.4: the client connection preface precedes the first frame.
def test_client_preface_is_skipped() -> None:
    wire = CLIENT_PREFACE + SettingsFrame(settings={3: 100}).serialize()
    status, out, _ = run(["dump"], stdin=wire)
    assert status == 0
    assert out.splitlines() == [
        "PREFACE len=24",
        "SETTINGS stream=0 flags=- len=6 MAX_CONCURRENT_STREAMS=100",
    ]


def test_stdin_hex_text() -> None:
    status, out, _ = run(["dump", "--hex"], stdin=b"000004080000000001\n0000ffff\n")
    assert status == 0 and out == "WINDOW_UPDATE stream=1 flags=- len=4 increment=65535\n"


def test_file_binary_and_hex(tmp_path: Path) -> None:
    binary = tmp_path / "frames.bin"
    binary.write_bytes(PingFrame(0, b"abcdefgh", flags=["ACK"]).serialize())
    status, out, _ = run(["dump", "--file", str(binary)])
    assert status == 0 and out.startswith("PING stream=0 flags=ACK len=8")
    text = tmp_path / "frames.hex"
    text.write_text(binary.read_bytes().hex())
    status, out2, _ = run(["dump", "--file", str(text), "--hex"])
    assert (status, out2) == (0, out)


def test_error_reports_offset_of_the_bad_frame() -> None:
    good = WindowUpdateFrame(0, 5).serialize()
    bad = bytes.fromhex("000004080000000001" "00000000")  # RFC 9113 §6.9: increment 0
    status, out, err = run(["dump", (good + bad).hex()])
    assert status == 1
    assert out.count("\n") == 1
    assert err == (
        "error at byte offset 13: WINDOW_UPDATE frame window_increment must be 1 to 2**31-1, "
        "got 0\n"
    )


def test_error_in_header() -> None:
    status, _, err = run(["dump", "000000000000000000"])
    assert status == 1 and err.startswith("error at byte offset 0: Stream ID must be non-zero")


def test_truncated_trailing_frame() -> None:
    wire = WindowUpdateFrame(0, 5).serialize() + DataFrame(1, b"abcdef").serialize()[:12]
    status, _, err = run(["dump", wire.hex()])
    assert status == 1
    assert err == (
        "error at byte offset 13: truncated DATA frame: header announces 6 payload bytes, "
        "only 3 present\n"
    )


def test_truncated_trailing_header() -> None:
    status, _, err = run(["dump", "0000040800"])
    assert status == 1
    assert err == "error at byte offset 0: truncated frame header: 5 of 9 bytes present\n"


def test_empty_input() -> None:
    assert run(["dump"], stdin=b"") == (0, "", "")


def test_bad_hex() -> None:
    status, _, err = run(["dump", "zz"])
    assert status == 2 and "not valid hex" in err
    status, _, err = run(["dump", "--hex"], stdin=b"\xff\xfe")
    assert status == 2 and "not valid hex" in err


def test_hex_and_file_together(tmp_path: Path) -> None:
    status, _, err = run(["dump", "00", "--file", str(tmp_path / "x")])
    assert status == 2 and "not both" in err


def test_missing_file(tmp_path: Path) -> None:
    status, _, err = run(["dump", "--file", str(tmp_path / "missing")])
    assert status == 2 and "cannot read input" in err


def test_command_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([])
    assert info.value.code == 2


def test_main_defaults_to_process_streams(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class FakeStdin:
        buffer = io.BytesIO(PingFrame().serialize())

    monkeypatch.setattr(sys, "stdin", FakeStdin)
    assert main(["dump"]) == 0
    assert capsys.readouterr().out.startswith("PING stream=0")
    assert main(["dump", "00"]) == 1
    assert capsys.readouterr().err.startswith("error at byte offset 0")


def test_module_entry_point() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "hyperframe", "dump", "000004080000000000000003e8"],
        capture_output=True, text=True, cwd=REPO, check=False,
    )
    assert result.returncode == 0
    assert result.stdout == "WINDOW_UPDATE stream=0 flags=- len=4 increment=1000\n"
    result = subprocess.run(
        [sys.executable, "-m", "hyperframe", "dump", "00000408000000000000000000"],
        capture_output=True, text=True, cwd=REPO, check=False,
    )
    assert result.returncode == 1 and result.stderr.startswith("error at byte offset 0:")


def test_dunder_main_runs_the_tool(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import runpy

    monkeypatch.setattr(sys, "argv", ["hyperframe", "dump", "000004080000000000000003e8"])
    with pytest.raises(SystemExit) as info:
        runpy.run_module("hyperframe", run_name="__main__", alter_sys=True)
    assert info.value.code == 0
    assert capsys.readouterr().out.startswith("WINDOW_UPDATE")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=120))
def test_dump_never_crashes(data: bytes) -> None:
    status, _out, err = run(["dump", data.hex()])
    assert status in (0, 1)
    assert (status == 1) == err.startswith("error at byte offset ")
