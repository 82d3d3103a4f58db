"""The 发展（双培养一输送） list of 老带新: its first show and a stage filter change.

    .venv/bin/python bench/bench_development.py [--people 10000] [--tracks 1000 --tracks 10000] [--repeat 5]

The real tab (DevelopmentTab on a MentoringPage, offscreen) over a database of
``--people`` people of whom ``--tracks`` have development records (1 to 6
stages each, bench/generate_data.py write_development_data). Timed up to the
repaint (``processEvents``):

  first show    the tab's data read and shown: everyone's furthest stage, the
                next step due and the regulations' warnings (worked out in
                Python from each person's stages), the 发展情况统计 counts;
  filter        a stage chosen in the 阶段 combo.

Goal (issue 13's for lists): first show <= 0.2 s, a filter change <= 0.1 s, at
the first ``--tracks`` size (1,000 people in tracks: a whole party committee's
pipeline; a branch has a few dozen). Further sizes are printed for reference.
Medians of ``--repeat`` runs after a warm-up.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _common import load_average, median, private_home, report, result  # noqa: E402

GOAL_FIRST, GOAL_FILTER = 0.2, 0.1


def measure(app, tab, repeat: int) -> tuple[float, float]:
    """Medians of the tab's first show and of a stage filter change (seconds)."""
    from app.domain.mentoring_models import Stage

    def shown(fn) -> float:
        start = time.perf_counter()
        fn()
        app.processEvents()
        return time.perf_counter() - start

    stage_filter = tab.stage_filter
    activist = stage_filter.findText(Stage.ACTIVIST.label)

    def filter_change() -> None:
        stage_filter.setCurrentIndex(activist if stage_filter.currentIndex() == 0 else 0)

    shown(tab.freshness.refresh)  # warm-up: the first read also loads the pages from disk
    first = median([shown(tab.freshness.refresh) for _ in range(repeat)])
    shown(filter_change)
    filtering = median([shown(filter_change) for _ in range(repeat)])
    return first, filtering


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--tracks", type=int, action="append")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    sizes = args.tracks or [1_000, 10_000]

    load_before = load_average()
    home = private_home("development")
    from PySide6.QtWidgets import QApplication

    from app.bootstrap import open_services
    from app.ui.operations import Operations
    from app.ui.pages.mentoring.page import MentoringPage
    from app.ui.prompts import Prompts
    from generate_data import TODAY, generate, write_database, write_development_data

    app = QApplication.instance() or QApplication([])
    units, people = generate(args.people)
    lines: list[str] = []
    figures: list[tuple[int, float, float]] = []
    for tracks in sizes:
        db_file = home / f"tracks-{tracks}.sqlite3"
        write_database(db_file, units, people)
        stages = write_development_data(db_file, people, tracks)
        services = open_services(str(db_file), auto_backup=False)
        services.development._today = lambda: TODAY  # the generator's today
        prompts = Prompts()
        page = MentoringPage(services, Operations(prompts), prompts, today=lambda: TODAY)
        page.resize(1280, 780)
        page.show()
        tab = page.development_tab
        page.tabs.setCurrentWidget(tab)
        app.processEvents()

        first, filtering = measure(app, tab, args.repeat)
        listed = tab.count_label.text()
        lines.append(
            f"{tracks:,} people in tracks ({stages:,} stages; {listed} with every stage): "
            f"first show median {first * 1000:.0f} ms, stage filter change median "
            f"{filtering * 1000:.0f} ms"
        )
        figures.append((tracks, first, filtering))
        page.close()
        services.close()

    report(
        f"发展（双培养一输送） list, {args.people:,} people",
        [*lines, f"goals at {sizes[0]:,} people in tracks: first show <= "
                 f"{GOAL_FIRST * 1000:.0f} ms, filter change <= {GOAL_FILTER * 1000:.0f} ms"],
        load_before,
    )  # fmt: skip
    tracks, first, filtering = figures[0]
    result(
        f"development first show ({tracks:,} tracks)",
        f"{first * 1000:.0f} ms",
        f"<= {GOAL_FIRST * 1000:.0f} ms",
        first <= GOAL_FIRST,
    )
    result(
        f"development filter change ({tracks:,} tracks)",
        f"{filtering * 1000:.0f} ms",
        f"<= {GOAL_FILTER * 1000:.0f} ms",
        filtering <= GOAL_FILTER,
    )
    return 0 if first <= GOAL_FIRST and filtering <= GOAL_FILTER else 1


if __name__ == "__main__":
    sys.exit(main())
