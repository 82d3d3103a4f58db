"""Every list of 结对帮扶, 党员承诺, 老带新 and 操作记录 at 100,000 rows, the way
the window does it: first rows, a filter keystroke, and a save shown in place.

    .venv/bin/python bench/bench_save.py [--rows 100000] [--people 10000] [--repeat 5]

The real pages are built offscreen (QT_QPA_PLATFORM=offscreen) on a database
holding ``--rows`` sessions, pledges, mentorships and 操作记录 lines (and a
second one holding ``--rows`` pairings), and what the window calls is timed,
each figure including the repaint (``processEvents``) that shows it:

  first rows      the list shown (its tab's first show: count, first page,
                  totals line), goal <= 0.2 s;
  filter          a keystroke in the search box (pledges, mentorships), a
                  filter chosen (the ledger's period and type, 操作记录's 范围),
                  goal <= 0.1 s; the pairings list has no filter;
  save            the list scrolled to row ~500, that row selected, its record
                  saved through the tab's in-place path (the path a form's 保存
                  takes, announcing the change to every page): from the save to
                  the list, the count and the totals line updated. Reported
                  twice: without the database write itself (the goal,
                  <= 0.05 s) and with it. Sessions (the topic edited),
                  pledges (撤销承诺, then 恢复) and mentorships (the focus
                  edited; a 带教记录 added).
Before the change a session save re-read the whole page: the old path (the
page's refresh) is timed too, for comparison.
Medians of ``--repeat`` runs after a warm-up.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _common import load_average, median, private_home, report, result  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    load_before = load_average()
    home = private_home("save")
    started = time.perf_counter()
    from generate_data import (
        TODAY,
        generate,
        write_audit_data,
        write_database,
        write_mentoring_data,
        write_pairing_data,
        write_pledge_data,
    )

    units, people = generate(args.people)
    big, pairings_file = home / "big.sqlite3", home / "pairings.sqlite3"
    write_database(big, units, people)
    write_pairing_data(big, units, people, args.rows)
    write_pledge_data(big, people, args.rows)
    write_mentoring_data(big, people, args.rows, args.rows)
    write_audit_data(big, args.rows)
    write_database(pairings_file, units, people)
    write_pairing_data(pairings_file, units, people, 0, pairings=args.rows)
    generated = time.perf_counter() - started

    from PySide6.QtWidgets import QApplication

    from app.areas.mentoring import MENTORING
    from app.areas.pairing import PAIRINGS
    from app.bootstrap import open_services
    from app.ui.audit_log_dialog import AuditLogDialog
    from app.ui.forms.form_host import FormHost
    from app.ui.operations import Operations
    from app.ui.pages.mentoring.page import MentoringPage
    from app.ui.pages.pairing.context import PairingContext
    from app.ui.pages.pairing.page import PairingPage
    from app.ui.pages.pairing.pairings_tab import PairingsTab
    from app.ui.pages.pledges import actions as pledge_actions
    from app.ui.pages.pledges.page import PledgesPage
    from app.ui.prompts import Prompts
    from app.ui.widgets.record_table import select_row

    app = QApplication.instance() or QApplication([])
    services = open_services(str(big), auto_backup=False)
    services.mentoring._today = lambda: TODAY  # the generator's today
    services.pledges._today = lambda: TODAY
    prompts = Prompts()
    operations = Operations(prompts)
    today = lambda: TODAY  # noqa: E731
    lines: list[str] = [
        f"data: {args.rows:,} sessions, pledges, mentorships (with {args.rows:,} 带教记录), "
        f"操作记录 lines; {args.rows:,} pairings in a second database; {len(people):,} people "
        f"(generated in {generated:.0f} s)"
    ]
    figures: dict[str, dict[str, float]] = {}

    def shown(fn) -> float:
        """Seconds from ``fn()`` to the window painted."""
        start = time.perf_counter()
        fn()
        app.processEvents()
        return time.perf_counter() - start

    def medians(fn, repeat=args.repeat) -> float:
        fn()  # warm-up: the first statement reads the database pages from disk
        return median([fn() for _ in range(repeat)])

    def scroll_and_select(table, model, row=500, suits=lambda record: True) -> None:
        """Scroll down to about ``row`` and select the first record there that ``suits``."""
        while model.rowCount() <= row + 200 and model.canFetchMore(table.rootIndex()):
            model.fetchMore(table.rootIndex())
        row = min(row, model.rowCount() - 1)
        while not suits(model.record(row)):
            row += 1
            if row >= model.rowCount():
                model.fetchMore(table.rootIndex())
        select_row(table, row)
        app.processEvents()

    def timed_write(service, name):
        """Wrap ``service.name`` so the time its database write takes is kept."""
        spent: list[float] = []
        original = getattr(service, name)

        def write(*a, **kw):
            start = time.perf_counter()
            try:
                return original(*a, **kw)
            finally:
                spent.append(time.perf_counter() - start)

        setattr(service, name, write)
        return spent

    def save_figures(key: str, save, write_times: list[float], check) -> None:
        save()  # warm-up
        totals, writes = [], []
        for _ in range(args.repeat):
            write_times.clear()
            totals.append(shown(save))
            writes.append(sum(write_times))
            check()
        figures[key] = {
            "with": median(totals),
            "without": median([t - w for t, w in zip(totals, writes, strict=True)]),
            "write": median(writes),
        }

    # ----- 结对帮扶: the ledger ------------------------------------------------------
    def ledger_page():
        page = PairingPage(services, operations, prompts, today=today)
        page.resize(1280, 800)
        return page

    def first_ledger() -> float:
        page = ledger_page()
        # all sessions: the ledger's 期间 set to every year before it is shown
        page.ledger_tab.period.set_custom(dt.date(2000, 1, 1), TODAY)
        took = shown(page.show)
        page.hide()
        page.deleteLater()
        return took

    figures["sessions first"] = {"s": medians(first_ledger)}
    page = ledger_page()
    page.show()
    app.processEvents()
    ledger = page.ledger_tab
    ledger.period.set_custom(dt.date(2000, 1, 1), TODAY)
    app.processEvents()
    assert ledger.session_model.total() == args.rows, ledger.session_model.total()
    kinds = [1, 2, 3, 0]
    state = {"i": 0}

    def kind_chosen() -> float:
        state["i"] = (state["i"] + 1) % len(kinds)
        return shown(lambda: ledger.kind_filter.setCurrentIndex(kinds[state["i"]]))

    figures["sessions filter"] = {"s": medians(kind_chosen, 2 * args.repeat)}
    ledger.kind_filter.setCurrentIndex(0)
    app.processEvents()
    figures["sessions old reload"] = {"s": medians(lambda: shown(page.refresh))}

    scroll_and_select(ledger.session_table, ledger.session_model)
    chosen = ledger.selected_session()
    pairing = services.pairing
    values = pairing.get_session(chosen.id)
    writes = timed_write(pairing, "update_session")
    scroll = ledger.session_table.verticalScrollBar()
    position = scroll.value()
    turn = {"n": 0}

    def save_session() -> None:
        turn["n"] += 1
        new = dataclasses.replace(values, topic=f"{values.topic}（{turn['n']}）")
        ledger.list.save_in_place(
            (chosen.id,),
            lambda: operations.run(
                ledger, lambda: pairing.update_session(chosen.id, new), changes={PAIRINGS}
            ),
        )
        ledger._reveal_session(chosen.id, new.date)

    def session_saved() -> None:
        assert ledger.selected_session().id == chosen.id
        assert ledger.selected_session().topic.endswith(f"（{turn['n']}）")
        assert scroll.value() == position, (scroll.value(), position)
        assert ledger.session_model.total() == args.rows

    save_figures("sessions save", save_session, writes, session_saved)
    page.hide()
    page.deleteLater()

    # ----- 结对帮扶: the pairings (a database of --rows pairings) ------------------------
    pairing_services = open_services(str(pairings_file), auto_backup=False)

    def first_pairings() -> float:
        context = PairingContext(
            pairing_services, operations, prompts, FormHost(operations, prompts, None), today
        )
        tab = PairingsTab(context)
        tab.resize(1200, 700)
        took = shown(tab.show)
        assert tab.pairing_model.total() == args.rows
        tab.hide()
        tab.deleteLater()
        return took

    figures["pairings first"] = {"s": medians(first_pairings)}

    def pairing_page_first() -> float:
        """The whole page as a click in the navigation shows it: its 帮扶台账 tab,
        whose 结对 and 单位 filters offer the pairings (every one, with its
        members, before they were asked of the database as typed: 5.6 s)."""
        page = PairingPage(pairing_services, operations, prompts, today=today)
        page.resize(1280, 800)
        took = shown(page.show)
        page.hide()
        page.deleteLater()
        return took

    figures["pairings page first"] = {"s": medians(pairing_page_first)}

    # ----- 党员承诺 --------------------------------------------------------------------
    def pledges_page():
        page = PledgesPage(services, operations, prompts, today=today)
        page.resize(1280, 800)
        return page

    def every_year(page) -> None:
        """全部年度: every pledge (chosen before the page is shown)."""
        filters = page.pledges_tab.filters
        filters.set_years(services.pledges.years())
        filters.set_year(None)

    def first_pledges() -> float:
        page = pledges_page()
        every_year(page)
        took = shown(page.show)
        page.hide()
        page.deleteLater()
        return took

    page = pledges_page()
    every_year(page)
    page.show()
    app.processEvents()
    tab = page.pledges_tab
    assert tab.model.total() == args.rows, (tab.model.total(), tab.filters.year.currentText())
    page.hide()
    page.deleteLater()
    figures["pledges first"] = {"s": medians(first_pledges)}
    page = pledges_page()
    every_year(page)
    page.show()
    app.processEvents()
    tab = page.pledges_tab
    keys = ["王", "z", "w", "A"]

    def pledge_key() -> float:
        took = shown(lambda: tab.filters.search.insert(keys[len(tab.filters.search.text()) % 4]))
        if len(tab.filters.search.text()) >= 2:
            tab.filters.search.clear()
            app.processEvents()
        return took

    figures["pledges filter"] = {"s": median([pledge_key() for _ in range(2 * args.repeat)])}
    tab.filters.search.clear()
    app.processEvents()
    scroll_and_select(tab.table, tab.model)
    chosen_pledge = tab.selected_pledge()
    writes = timed_write(services.pledges, "set_status")
    scroll = tab.table.verticalScrollBar()
    position = scroll.value()
    totals_before = tab.totals_label.text()

    def withdraw() -> None:
        pledge_actions.withdraw_pledge(tab)

    def pledge_saved() -> None:
        assert tab.selected_pledge().id == chosen_pledge.id
        assert scroll.value() == position
        assert tab.model.total() == args.rows

    save_figures("pledges save", withdraw, writes, pledge_saved)
    if tab.selected_pledge().status != chosen_pledge.status:
        withdraw()
    assert tab.totals_label.text() == totals_before  # back where it was
    page.hide()
    page.deleteLater()

    # ----- 老带新 ---------------------------------------------------------------------
    def mentoring_page():
        page = MentoringPage(services, operations, prompts, today=today)
        page.resize(1280, 800)
        return page

    def first_mentorships() -> float:
        page = mentoring_page()
        took = shown(page.show)
        page.hide()
        page.deleteLater()
        return took

    figures["mentorships first"] = {"s": medians(first_mentorships)}
    page = mentoring_page()
    page.show()
    app.processEvents()
    tab = page.mentorships_tab
    assert tab.model.total() == args.rows, tab.model.total()

    def mentor_key() -> float:
        took = shown(lambda: tab.filters.search.insert(keys[len(tab.filters.search.text()) % 4]))
        if len(tab.filters.search.text()) >= 2:
            tab.filters.search.clear()
            app.processEvents()
        return took

    figures["mentorships filter"] = {"s": median([mentor_key() for _ in range(2 * args.repeat)])}
    tab.filters.search.clear()
    app.processEvents()
    # a pair not flagged quiet: a 带教记录 of today keeps its place in the order
    scroll_and_select(tab.table, tab.model, suits=lambda record: not record.quiet)
    chosen_pair = tab.selected_mentorship()
    mentoring = services.mentoring
    pair_values = mentoring.get_mentorship(chosen_pair.id)
    writes = timed_write(mentoring, "update_mentorship")
    scroll = tab.table.verticalScrollBar()
    position = scroll.value()
    focus = [pair_values.focus[:1], pair_values.focus]

    def save_mentorship() -> None:
        turn["n"] += 1
        new = dataclasses.replace(pair_values, focus=focus[turn["n"] % 2])
        tab.save_in_place(
            (chosen_pair.id,),
            lambda: operations.run(
                tab, lambda: mentoring.update_mentorship(chosen_pair.id, new), changes={MENTORING}
            ),
        )
        tab.select_mentorship(chosen_pair.id)

    def mentorship_saved() -> None:
        now = tab.selected_mentorship()
        assert now is not None and now.id == chosen_pair.id, (
            now,
            chosen_pair,
            tab.model.row_of(chosen_pair.id),
        )
        assert scroll.value() == position

    save_figures("mentorships save", save_mentorship, writes, mentorship_saved)
    writes = timed_write(mentoring, "add_check_in")
    check_ins_before = tab.selected_mentorship().check_ins

    def add_check_in() -> None:
        tab.save_in_place(
            (chosen_pair.id,),
            lambda: operations.run(
                tab,
                lambda: mentoring.add_check_in(chosen_pair.id, TODAY, "跟班实操", ""),
                changes={MENTORING},
            ),
        )

    save_figures("check-in save", add_check_in, writes, mentorship_saved)
    assert tab.selected_mentorship().check_ins == check_ins_before + args.repeat + 1
    page.hide()
    page.deleteLater()

    # ----- 操作记录 -------------------------------------------------------------------
    def first_audit() -> float:
        start = time.perf_counter()
        dialog = AuditLogDialog(services, operations, prompts)
        dialog.show()
        app.processEvents()
        took = time.perf_counter() - start
        assert dialog.model.total >= args.rows
        dialog.close()
        dialog.deleteLater()
        return took

    figures["audit first"] = {"s": medians(first_audit)}
    dialog = AuditLogDialog(services, operations, prompts)
    dialog.show()
    app.processEvents()
    areas = list(range(1, min(5, dialog.area.count()))) + [0]
    state["a"] = 0

    def area_chosen() -> float:
        state["a"] = (state["a"] + 1) % len(areas)
        return shown(lambda: dialog.area.setCurrentIndex(areas[state["a"]]))

    figures["audit filter"] = {"s": medians(area_chosen, 2 * args.repeat)}
    dialog.close()

    # ----- report ---------------------------------------------------------------------
    goals = {"first": 0.2, "filter": 0.1}
    names = {
        "sessions": "帮扶台账 (sessions)",
        "pairings": "结对 (pairings)",
        "pairings page": f"结对帮扶 page with {args.rows:,} pairings (帮扶台账 tab, its filters)",
        "pledges": "承诺 (pledges)",
        "mentorships": "带教 (mentorships)",
        "audit": "操作记录",
    }
    for key, label in names.items():
        for what in ("first", "filter"):
            figure = figures.get(f"{key} {what}")
            if figure is None:
                continue
            s = figure["s"]
            lines.append(
                f"{label} {'first rows' if what == 'first' else 'filter keystroke'}: "
                f"{s * 1000:.0f} ms; goal <= {goals[what] * 1000:.0f} ms: "
                + ("MET" if s <= goals[what] else "NOT MET")
            )
    old = figures["sessions old reload"]["s"]
    lines.append(
        f"帮扶台账 the old path after a save (the whole page read again): {old * 1000:.0f} ms"
    )
    for key in ("sessions save", "pledges save", "mentorships save", "check-in save"):
        f = figures[key]
        lines.append(
            f"{key} -> list updated: {f['without'] * 1000:.1f} ms without the database write "
            f"({f['write'] * 1000:.1f} ms), {f['with'] * 1000:.1f} ms with it; goal <= 50 ms "
            "(without the write): " + ("MET" if f["without"] <= 0.05 else "NOT MET")
        )
    report(f"lists at {args.rows:,} rows: first rows, filter, save in place", lines, load_before)
    for key in names:
        for what in ("first", "filter"):
            figure = figures.get(f"{key} {what}")
            if figure is not None:
                s, goal = figure["s"], goals[what]
                result(
                    f"{key} {'first rows' if what == 'first' else 'filter keystroke'}",
                    f"{s * 1000:.0f} ms",
                    f"<= {goal * 1000:.0f} ms",
                    s <= goal,
                )
    for key in ("sessions save", "pledges save", "mentorships save", "check-in save"):
        f = figures[key]
        result(
            f"{key} (list updated)",
            f"{f['without'] * 1000:.1f} ms (+ write {f['write'] * 1000:.1f} ms)",
            "<= 50 ms",
            f["without"] <= 0.05,
        )
    services.db.close()
    pairing_services.db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
