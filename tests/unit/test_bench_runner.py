"""bench/run_all.py: the RESULT lines each benchmark prints and the table made of them."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

import _common  # noqa: E402
import run_all  # noqa: E402


def test_a_result_line_with_spaces_and_chinese_reads_back_the_same(capsys):
    _common.result("pairing_ledger 首页", "ratio 1.63 (ledger 0.22 s)", "<= 1.5x", False)
    _common.result("startup", "ratio 1.20", "<= 1.5x", True)
    out = "== some report\n   human text\n" + capsys.readouterr().out + "trailing text\n"
    assert _common.parse_results(out) == [
        {
            "name": "pairing_ledger 首页",
            "figure": "ratio 1.63 (ledger 0.22 s)",
            "goal": "<= 1.5x",
            "met": "no",
        },
        {"name": "startup", "figure": "ratio 1.20", "goal": "<= 1.5x", "met": "yes"},
    ]


def test_output_without_result_lines_gives_nothing():
    assert _common.parse_results("== report\n   ratio 1.2: MET\nRESULTS are below\n") == []


def test_the_table_shows_each_goal_met_or_not_and_the_skipped_and_failed_benchmarks():
    outcomes = [
        run_all.Outcome(
            "pledges",
            [
                {
                    "name": "pledges first rows",
                    "figure": "slowest median 12 ms",
                    "goal": "<= 200 ms",
                    "met": "yes",
                },
                {
                    "name": "pledges points ranking",
                    "figure": "median 350 ms",
                    "goal": "<= 200 ms",
                    "met": "no",
                },
            ],
        ),
        run_all.Outcome("frozen_start", problem="skipped: no built .deb in dist/"),
        run_all.Outcome("summary", problem="failed: exit 2, no RESULT line (boom)"),
    ]
    text = run_all.table(
        outcomes, "2026-12-02 10:00 UTC", "1.00 0.50 0.25", "1.10 0.60 0.30", "default sizes"
    )
    lines = text.splitlines()
    assert "2026-12-02 10:00 UTC" in lines[0] and "default sizes" in lines[0]
    assert "1.00 0.50 0.25" in lines[1] and "1.10 0.60 0.30" in lines[1]
    header = next(line for line in lines if line.startswith("benchmark"))
    assert header.split() == ["benchmark", "figure", "goal", "met"]
    row = {line.split("  ")[0]: line for line in lines}
    assert (
        row["pledges first rows"].rstrip().endswith("met")
        and "NOT MET" not in row["pledges first rows"]
    )
    assert "median 350 ms" in row["pledges points ranking"]
    assert row["pledges points ranking"].rstrip().endswith("NOT MET")
    assert "skipped: no built .deb" in row["frozen_start"]
    assert "failed: exit 2" in row["summary"]
    assert lines[-1] == "1 of 2 goals met"
    # The columns line up: every goal starts in the same column as the header's "goal".
    column = header.index("goal")
    assert row["pledges first rows"][column:].startswith("<= 200 ms")
    assert not run_all.all_met(outcomes)


def test_all_met_only_when_every_measured_goal_is_met_and_nothing_failed():
    met = {"name": "x", "figure": "1", "goal": "2", "met": "yes"}
    assert run_all.all_met(
        [run_all.Outcome("a", [met]), run_all.Outcome("frozen_start", problem="skipped: no .deb")]
    )
    assert not run_all.all_met(
        [run_all.Outcome("a", [met]), run_all.Outcome("b", problem="failed: exit 1")]
    )


def test_every_benchmark_script_is_known_to_the_runner_and_prints_result_lines():
    scripts = {p.stem.removeprefix("bench_") for p in BENCH.glob("bench_*.py")}
    assert scripts == set(run_all.BENCHMARKS)
    for name in scripts:
        assert "result(" in (BENCH / f"bench_{name}.py").read_text(encoding="utf-8"), name
