"""scripts/fault_drill.py: its options and its verdict (the drill itself, ~95 s, is run by hand)."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

import fault_drill  # noqa: E402

REPORT = fault_drill.REPORT_PAGE


def test_defaults_are_the_issues_drill():
    args = fault_drill.parse_args([])
    assert (args.rate, args.redis_down) == (20, 5)
    # Three loads between the faults plus the outage stay well inside three minutes.
    assert 3 * args.phase_seconds + args.redis_down < 60


@pytest.mark.parametrize("argv", [["--rate", "0"], ["--rate", "500"], ["--redis-down", "600"]])
def test_unbounded_drills_are_refused(argv, capsys):
    with pytest.raises(SystemExit):
        fault_drill.parse_args(argv)
    assert "must be between" in capsys.readouterr().err


def test_it_passes_only_without_500s_and_with_every_counted_view_stored(capsys):
    answers = [("before", REPORT, "200"), ("Redis down", REPORT, "200"), ("before", "/", "200")]
    assert fault_drill.report(answers, views_before=10, views_after=12)
    assert "drill passed" in capsys.readouterr().out

    assert not fault_drill.report(answers, views_before=10, views_after=11)  # a view lost
    failed = [*answers, ("after PG", "/", "500")]
    assert not fault_drill.report(failed, views_before=10, views_after=12)
    out = capsys.readouterr().out
    assert "500 answers: 1" in out and "DRILL FAILED" in out


def test_a_request_without_answer_fails_the_drill():
    answers = [("PG restart", REPORT, "no answer (ConnectionResetError)")]
    assert not fault_drill.report(answers, views_before=0, views_after=0)
