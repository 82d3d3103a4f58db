"""The 结对帮扶 ledger over 100,000 sessions: first page, filter change, totals.

    .venv/bin/python bench/bench_pairing_ledger.py [--sessions 100000] [--repeat 7]

Service level (no Qt: the page's lazy table model asks exactly these calls):
  first page:    count_sessions + list_sessions(offset 0, limit 100), no filter
                 (goal <= 0.2 s)
  filter change: count + first page after switching the kind, the period or
                 the service type (goal <= 0.1 s each)
  totals:        PairingStatsService.totals over a one-day period holding
                 about 25 sessions in the 100,000-session database, against the same
                 call over all of a database of only 10 sessions (goal <= 1.5x: the
                 figures of a period do not slow down as the ledger grows);
                 and over all 100,000 sessions (reported, with its ratio).
Every case alternates with its baseline; medians are reported.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from _common import load_average, median, private_home, report, result, timed, verdict

PAGE = 100


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)

    load_before = load_average()
    home = private_home("pairing-ledger")
    from app.bootstrap import open_services
    from app.domain.enums import PairingKind, ServiceType
    from app.services.pairing import SessionFilter
    from generate_data import generate, write_database, write_pairing_data

    units, people = generate(args.people)
    big_file, small_file = home / "big.sqlite3", home / "small.sqlite3"
    write_database(big_file, units, people)
    write_pairing_data(big_file, units, people, args.sessions)
    # The small database: 10 sessions, around the day the big one is asked about.
    day = dt.date(2021, 6, 15)
    write_database(small_file, units, people)
    write_pairing_data(small_file, units, people, 10, start=day, end=day)
    big = open_services(str(big_file), auto_backup=False)
    small = open_services(str(small_file), auto_backup=False)

    def first_page(services, f):
        services.pairing.count_sessions(f)
        return services.pairing.list_sessions(f, 0, PAGE)

    everything = SessionFilter()
    filters = {
        "kind 共建结对": SessionFilter(kinds=frozenset({PairingKind.CO_BUILDING})),
        "period 2021": SessionFilter(dt.date(2021, 1, 1), dt.date(2021, 12, 31)),
        "service type 适老服务": SessionFilter(service_types=frozenset({ServiceType.ELDERLY})),
    }
    one_day = SessionFilter(day, day)
    sessions_that_day = big.pairing.count_sessions(one_day)
    assert len(first_page(big, everything)) == PAGE
    assert small.pairing.count_sessions(everything) == 10

    first, changes = [], {name: [] for name in filters}
    totals_big_day, totals_small_day, totals_all = [], [], []
    for _ in range(args.repeat):
        first.append(timed(lambda: first_page(big, everything)))
        for name, f in filters.items():
            changes[name].append(timed(lambda f=f: first_page(big, f)))
        totals_small_day.append(timed(lambda: small.pairing_stats.totals(everything)))
        totals_big_day.append(timed(lambda: big.pairing_stats.totals(one_day)))
        totals_all.append(timed(lambda: big.pairing_stats.totals(everything)))

    figures = big.pairing_stats.totals(everything)
    m_first = median(first)
    lines = [
        f"database: {args.sessions:,} sessions, {len(people):,} people; page of {PAGE} rows",
        f"first page (count + rows), no filter: {m_first:.4f} s; goal <= 0.2 s: "
        + ("MET" if m_first <= 0.2 else "NOT MET"),
    ]
    for name, times in changes.items():
        m = median(times)
        lines.append(
            f"filter change to {name}: {m:.4f} s; goal <= 0.1 s: "
            + ("MET" if m <= 0.1 else "NOT MET")
        )
    m_small, m_day, m_all = median(totals_small_day), median(totals_big_day), median(totals_all)
    ratio = m_day / m_small
    lines += [
        f"totals of one day ({sessions_that_day} sessions) in the 100,000 database: {m_day:.4f} s; "
        f"in a 10-session database: {m_small:.4f} s; ratio {ratio:.2f}; goal <= 1.5x: "
        + verdict(ratio, 1.5),
        f"totals over all {args.sessions:,} sessions: {m_all:.4f} s "
        f"(ratio to the 10-session database {m_all / m_small:.1f}x); {figures.sentence()}",
    ]
    report("结对帮扶 ledger (service level)", lines, load_before)
    result("pairing_ledger first page", f"{m_first * 1000:.0f} ms", "<= 200 ms", m_first <= 0.2)
    worst_change = max(median(times) for times in changes.values())
    result(
        "pairing_ledger filter change",
        f"slowest {worst_change * 1000:.0f} ms",
        "<= 100 ms",
        worst_change <= 0.1,
    )
    result("pairing_ledger totals of a day", f"ratio {ratio:.2f}", "<= 1.5x", ratio <= 1.5)
    big.db.close()
    small.db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
