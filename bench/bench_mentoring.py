"""The 老带新 list with 5,000 mentorships and 100,000 check-ins over 10,000 people.

    .venv/bin/python bench/bench_mentoring.py [--people 10000] [--mentorships 5000] [--check-ins 100000]

Goal (issue 10): the list's first rows <= 0.2 s, with the 30-day flag and the
days since the last check-in computed in SQL. What the page asks for:
  first rows:  MentoringService.list_mentorships(offset 0, limit 200)
               + count_mentorships + totals (the line under the list), with no
               filter, with 带教中 chosen, with only the quiet ones, and with
               a name typed in the search box
Each figure is the median of ``--repeat`` runs after one warm-up run, with the
worst run beside it.
"""

from __future__ import annotations

import argparse
import sys
import time

from _common import load_average, median, private_home, report, result

GOAL_FIRST = 0.2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--mentorships", type=int, default=5_000)
    parser.add_argument("--check-ins", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args(argv)

    load_before = load_average()
    home = private_home("mentoring")
    from app.bootstrap import open_services
    from app.domain.mentoring_models import MentorshipStatus
    from app.services.mentoring import MentorshipFilter
    from generate_data import TODAY, generate, write_database, write_mentoring_data

    units, people = generate(args.people)
    db_file = home / "bench.sqlite3"
    write_database(db_file, units, people)
    write_mentoring_data(db_file, people, args.mentorships, args.check_ins)
    services = open_services(str(db_file), auto_backup=False)
    services.mentoring._today = lambda: (
        TODAY
    )  # the generator's today: a stable share of quiet pairs

    def page(f: MentorshipFilter) -> tuple[int, int, str]:
        rows = services.mentoring.list_mentorships(f, 0, 200)
        count = services.mentoring.count_mentorships(f)
        totals = services.mentoring.totals(f)
        return len(rows), count, totals.text()

    def timed(fn) -> tuple[float, float]:
        fn()  # warm-up: the first query after opening also reads the pages from disk
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        return median(times), max(times)

    filters = {
        "all": MentorshipFilter(),
        "带教中": MentorshipFilter(status=MentorshipStatus.ACTIVE),
        "quiet only": MentorshipFilter(quiet_only=True),
        "search 王": MentorshipFilter(text="王"),
    }
    times = {name: timed(lambda f=f: page(f)) for name, f in filters.items()}
    shown = {name: page(f) for name, f in filters.items()}
    services.db.close()

    def verdict(value: tuple[float, float], goal: float) -> str:
        middle, worst = value
        return (
            f"median {middle * 1000:.0f} ms, worst {worst * 1000:.0f} ms "
            f"(goal <= {goal * 1000:.0f} ms): {'MET' if middle <= goal else 'NOT MET'}"
        )

    report(
        f"老带新: {args.mentorships:,} mentorships, {args.check_ins:,} check-ins over "
        f"{args.people:,} people",
        [
            f"first rows, {name} ({shown[name][1]:,} pairs): {verdict(times[name], GOAL_FIRST)}"
            for name in filters
        ]
        + [f"totals line: {shown['all'][2]}"],
        load_before,
    )
    slowest = max(t[0] for t in times.values())
    result(
        "mentoring first rows",
        f"slowest median {slowest * 1000:.0f} ms",
        f"<= {GOAL_FIRST * 1000:.0f} ms",
        slowest <= GOAL_FIRST,
    )
    return 0 if slowest <= GOAL_FIRST else 1


if __name__ == "__main__":
    sys.exit(main())
