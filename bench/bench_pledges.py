"""The 党员承诺 list and the points ranking with 50,000 pledges over 10,000 people.

    .venv/bin/python bench/bench_pledges.py [--people 10000] [--pledges 50000] [--sessions 20000]

Goals (issue 9): the list's first rows <= 0.2 s, a filter change <= 0.1 s per
keystroke, the points ranking of a year <= 0.2 s. What the page asks for each:
  first rows:  PledgeService.list_pledges(offset 0, limit 200) + count_pledges
               + totals (the line under the list), for the newest year and for
               all years
  filter:      the same three calls for the newest year with the search text
               typed one character at a time ("宽", "宽带", "z", "zw", "A00")
  ranking:     PointsService.totals(year) for the newest year (pledges, 结对帮扶
               sessions attended and manual entries, every member ranked)
Each figure is the median of ``--repeat`` runs after one warm-up run, with the
worst run beside it (on a machine shared with other work the worst one mostly
measures the neighbours).
"""

from __future__ import annotations

import argparse
import sys
import time

from _common import load_average, median, private_home, report, result

GOAL_FIRST = 0.2
GOAL_FILTER = 0.1
GOAL_RANKING = 0.2
TYPED = ["宽", "宽带", "z", "zw", "A", "A0", "A00"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--pledges", type=int, default=50_000)
    parser.add_argument("--sessions", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args(argv)

    load_before = load_average()
    home = private_home("pledges")
    from app.bootstrap import open_services
    from app.services.pledges import PledgeFilter
    from generate_data import generate, write_database, write_pairing_data, write_pledge_data

    units, people = generate(args.people)
    db_file = home / "bench.sqlite3"
    write_database(db_file, units, people)
    if args.sessions:
        write_pairing_data(db_file, units, people, args.sessions)
    write_pledge_data(db_file, people, args.pledges)
    services = open_services(str(db_file), auto_backup=False)
    year = services.pledges.years()[0]

    def page(f: PledgeFilter) -> tuple[int, int]:
        rows = services.pledges.list_pledges(f, 0, 200)
        count = services.pledges.count_pledges(f)
        services.pledges.totals(f)
        return len(rows), count

    def timed(fn) -> tuple[float, float]:
        fn()  # warm-up: the first query after opening also reads the pages from disk
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        return median(times), max(times)

    first_year = timed(lambda: page(PledgeFilter(year=year)))
    first_all = timed(lambda: page(PledgeFilter()))
    shown_year = page(PledgeFilter(year=year))
    filter_times = {}
    matches = {}
    for text in TYPED:
        f = PledgeFilter(year=year, text=text)
        filter_times[text] = timed(lambda f=f: page(f))
        matches[text] = page(f)[1]
    ranking_time = timed(lambda: services.points.totals(year))
    ranked = len(services.points.totals(year))
    services.db.close()

    def verdict(value: tuple[float, float], goal: float) -> str:
        middle, worst = value
        return (
            f"median {middle * 1000:.0f} ms, worst {worst * 1000:.0f} ms "
            f"(goal <= {goal * 1000:.0f} ms): {'MET' if middle <= goal else 'NOT MET'}"
        )

    worst_filter = max(filter_times.values())
    report(
        f"党员承诺: {args.pledges:,} pledges over {args.people:,} people, "
        f"{args.sessions:,} 结对帮扶 sessions",
        [
            f"first rows, {year} ({shown_year[1]:,} pledges): {verdict(first_year, GOAL_FIRST)}",
            f"first rows, all years ({args.pledges:,} pledges): {verdict(first_all, GOAL_FIRST)}",
            "filter per keystroke ("
            + ", ".join(f"{t!r}={matches[t]} {filter_times[t][0] * 1000:.0f} ms" for t in TYPED)
            + f"); slowest key {verdict(worst_filter, GOAL_FILTER)}",
            f"points ranking {year} ({ranked:,} members): {verdict(ranking_time, GOAL_RANKING)}",
        ],
        load_before,
    )
    slowest_first = max(first_year[0], first_all[0])
    result(
        "pledges first rows",
        f"slowest median {slowest_first * 1000:.0f} ms",
        f"<= {GOAL_FIRST * 1000:.0f} ms",
        slowest_first <= GOAL_FIRST,
    )
    result(
        "pledges filter keystroke",
        f"slowest median {worst_filter[0] * 1000:.0f} ms",
        f"<= {GOAL_FILTER * 1000:.0f} ms",
        worst_filter[0] <= GOAL_FILTER,
    )
    result(
        "pledges points ranking",
        f"median {ranking_time[0] * 1000:.0f} ms",
        f"<= {GOAL_RANKING * 1000:.0f} ms",
        ranking_time[0] <= GOAL_RANKING,
    )
    met = (
        max(first_year[0], first_all[0]) <= GOAL_FIRST
        and worst_filter[0] <= GOAL_FILTER
        and ranking_time[0] <= GOAL_RANKING
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
