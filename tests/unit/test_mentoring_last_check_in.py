"""The day of a mentorship's last check-in is stored with it
(``mentorships.last_check_in``): it must stay right whatever writes check-ins
(the service's add, edit and delete, the workbook import) and be filled in
for the pairs already on file when a database is upgraded (migration 0009)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from openpyxl import Workbook
from sqlalchemy import select

from app.domain.enums import PoliticalStatus, UnitKind
from app.domain.mentoring_models import Mentorship, MentorshipFocus
from app.domain.validation import PersonInput, UnitInput
from app.exchange.workbook_import import import_workbook
from app.persistence import schema
from app.services.mentoring import MentorshipFilter, MentorshipInput

TODAY = dt.date(2021, 12, 20)
D = dt.date


def stored(services, mentorship_id):
    with services.db.reading() as session:
        return session.scalar(
            select(Mentorship.last_check_in).where(Mentorship.id == mentorship_id)
        )


START = D(2021, 10, 1)


def a_pair(services, start=START):
    services.mentoring._today = lambda: TODAY
    unit = services.people.add_unit(UnitInput(name="北区分公司", kind=UnitKind.BRANCH_COMPANY))
    mentor = services.people.add_person(
        PersonInput(name="王芳", political_status=PoliticalStatus.MEMBER, unit_id=unit)
    )
    mentee = services.people.add_person(PersonInput(name="李娜", unit_id=unit))
    return services.mentoring.add_mentorship(
        MentorshipInput(mentor_id=mentor, mentee_id=mentee, start_date=start,
                        focus=[MentorshipFocus.SKILLS])
    )  # fmt: skip


def listed(services, pair_id):
    (row,) = [r for r in services.mentoring.list_mentorships(MentorshipFilter()) if r.id == pair_id]
    return row


def test_adding_editing_and_deleting_check_ins_keeps_the_last_day(services):
    pair = a_pair(services)
    mentoring = services.mentoring
    assert stored(services, pair) is None
    assert listed(services, pair).quiet  # started 80 days ago, nothing recorded
    early = mentoring.add_check_in(pair, D(2021, 10, 5), "讲解装维流程")
    assert stored(services, pair) == D(2021, 10, 5)
    late = mentoring.add_check_in(pair, D(2021, 12, 10), "跟班实操")
    assert stored(services, pair) == D(2021, 12, 10)
    assert not listed(services, pair).quiet
    mentoring.add_check_in(pair, D(2021, 11, 1), "学习党章")  # an older day: no change
    assert stored(services, pair) == D(2021, 12, 10)
    # the latest moved back: the last day follows it
    mentoring.update_check_in(late, D(2021, 11, 2), "跟班实操")
    assert stored(services, pair) == D(2021, 11, 2)
    assert listed(services, pair).quiet and listed(services, pair).last_check_in == D(2021, 11, 2)
    assert mentoring.totals(MentorshipFilter()).quiet == 1
    assert mentoring.count_mentorships(MentorshipFilter(quiet_only=True)) == 1
    # an older one moved forward past it
    mentoring.update_check_in(early, D(2021, 12, 15), "讲解装维流程")
    assert stored(services, pair) == D(2021, 12, 15)
    assert mentoring.totals(MentorshipFilter()).quiet == 0
    assert mentoring.count_mentorships(MentorshipFilter(quiet_only=True)) == 0
    # deleting the latest: the one before it is the last
    mentoring.delete_check_in(early)
    assert stored(services, pair) == D(2021, 11, 2)
    for row in mentoring.check_ins(pair):
        mentoring.delete_check_in(row.id)
    assert stored(services, pair) is None
    assert listed(services, pair).quiet and listed(services, pair).quiet_days == 80


def test_an_import_of_check_ins_sets_the_last_day(services, tmp_path):
    pair = a_pair(services)
    services.mentoring.add_check_in(pair, D(2021, 10, 5), "讲解装维流程")
    book = Workbook()
    sheet = book.active
    sheet.title = "带教记录"
    sheet.append(["导师", "学员", "日期", "内容", "导师评价", "开始日期"])
    sheet.append(["王芳", "李娜", "2021-12-01", "跟班实操光猫配置", "", "2021-10-01"])
    sheet.append(["王芳", "李娜", "2021-11-01", "学习党章", "", "2021-10-01"])
    path = tmp_path / "check_ins.xlsx"
    book.save(path)
    report = import_workbook(services, path)
    assert report.counts["带教记录"].created == 2
    assert stored(services, pair) == D(2021, 12, 1)
    assert not listed(services, pair).quiet


def test_the_upgrade_fills_in_the_pairs_on_file(tmp_path):
    """A database at 0008 with two pairs (one with check-ins) upgraded to head."""
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    config = Config()
    config.set_main_option("script_location", str(schema.MIGRATIONS_DIR))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0008")
        # (a plain engine: SQLite does not check the people these refer to)
        for mid, start in ((1, "2021-01-01"), (2, "2021-02-01")):
            conn.execute(
                sa.text(
                    "INSERT INTO mentorships (id, mentor_id, mentee_id, start_date, focus, goals,"
                    " status, evaluation) VALUES (:id, 1, 2, :start, 'skills', '', 'active', '')"
                ),
                {"id": mid, "start": start},
            )
        for day in ("2021-03-01", "2021-05-02", "2021-04-01"):
            conn.execute(
                sa.text(
                    "INSERT INTO check_ins (mentorship_id, date, content, comment)"
                    " VALUES (1, :day, '带教', '')"
                ),
                {"day": day},
            )
        command.upgrade(config, "head")
        found = dict(conn.execute(sa.text("SELECT id, last_check_in FROM mentorships")).all())
    engine.dispose()
    assert {k: (str(v) if v else v) for k, v in found.items()} == {1: "2021-05-02", 2: None}


def test_the_count_read_with_the_totals_is_the_lists_count(services):
    """count_and_totals (what the 带教 tab reads on a keystroke) gives the same
    count and totals line as asking each apart, whatever the filter."""
    from app.domain.mentoring_models import MentorshipStatus

    pair = a_pair(services)
    mentoring = services.mentoring
    unit = services.people.list_units()[0].id
    other = services.people.add_person(PersonInput(name="赵磊", unit_id=unit))
    mentor = mentoring.get_mentorship(pair).mentor_id
    for start, status in ((D(2021, 3, 1), MentorshipStatus.GRADUATED),
                          (D(2021, 12, 1), MentorshipStatus.ACTIVE),
                          (D(2021, 6, 1), MentorshipStatus.STOPPED)):  # fmt: skip
        mentoring.add_mentorship(
            MentorshipInput(mentor_id=mentor, mentee_id=other, start_date=start,
                            focus=[MentorshipFocus.SKILLS], status=status,
                            ended_on=None if status == MentorshipStatus.ACTIVE else D(2021, 9, 1))
        )  # fmt: skip
    mentoring.add_check_in(pair, D(2021, 10, 5), "讲解装维流程")
    mentoring.add_check_in(pair, D(2021, 9, 5), "学习党章")
    period = {"date_from": D(2021, 10, 1), "date_to": D(2021, 12, 31)}
    for listed in (
        MentorshipFilter(),
        MentorshipFilter(text="赵"),
        MentorshipFilter(text="ln"),
        MentorshipFilter(text="赵", status=MentorshipStatus.GRADUATED),
        MentorshipFilter(text="wf", quiet_only=True),
        MentorshipFilter(status=MentorshipStatus.ACTIVE, quiet_only=True),
        MentorshipFilter(status=MentorshipStatus.STOPPED, quiet_only=True),
        MentorshipFilter(unit_id=unit, status=MentorshipStatus.ACTIVE),
        MentorshipFilter(ids=frozenset({pair})),
        MentorshipFilter(text="没有这个人"),
    ):
        for totals_filter in (listed, MentorshipFilter(**{**listed.__dict__, **period})):
            assert mentoring.count_and_totals(listed, totals_filter) == (
                mentoring.count_mentorships(listed),
                mentoring.totals(totals_filter),
            ), listed
            # the check-ins: those of the pairs the list shows, in the period
            totals = mentoring.totals(totals_filter)
            # whole numbers (PostgreSQL sums counts as numeric): a save's share
            # of the totals line is moved by them (paged_list.shifted)
            assert all(type(n) is int for n in dataclasses.astuple(totals)), totals
            shown = mentoring.list_mentorships(totals_filter)
            assert totals.check_ins == sum(
                len(mentoring.check_ins(r.id, totals_filter.date_from, totals_filter.date_to))
                for r in shown
            )
            assert totals.quiet == sum(
                r.quiet for r in mentoring.list_mentorships(
                    MentorshipFilter(**{**totals_filter.__dict__, "status": None,
                                        "date_from": None, "date_to": None}))
            )  # fmt: skip
    assert (
        mentoring.count_and_totals(MentorshipFilter(text="赵"), MentorshipFilter(text="赵"))[
            1
        ].text()
        == "带教中 1 对，已出师 1 对，已中止 1 对；本期带教记录 0 次"
    )


def test_the_list_order_is_the_same_read_in_parts_or_whole(services, monkeypatch):
    """Quiet 带教中 pairs first, then the other 带教中 ones, then the rest, each
    by start (newest first): the same on every page whether a search's pairs
    are sorted whole or read part by part (SPLIT_FROM)."""
    from app.domain.mentoring_models import MentorshipStatus
    from app.services import mentoring as module

    first = a_pair(services)
    mentoring = services.mentoring
    mentor = mentoring.get_mentorship(first).mentor_id
    unit = services.people.list_units()[0].id
    mentees = [
        services.people.add_person(PersonInput(name=f"赵{n}", unit_id=unit)) for n in range(4)
    ]
    statuses = [MentorshipStatus.ACTIVE, MentorshipStatus.GRADUATED, MentorshipStatus.STOPPED]
    for n in range(24):
        pair = mentoring.add_mentorship(
            MentorshipInput(
                mentor_id=mentor, mentee_id=mentees[n % 4], start_date=D(2021, 1, 1) + dt.timedelta(days=10 * n),
                focus=[MentorshipFocus.SKILLS], status=statuses[n % 3],
                ended_on=None if n % 3 == 0 else D(2021, 12, 1),
            )
        )  # fmt: skip
        if n % 2:
            mentoring.add_check_in(pair, D(2021, 12, 1) - dt.timedelta(days=7 * n), "带教")

    def expected(f):
        rows = mentoring.list_mentorships(MentorshipFilter(ids=frozenset(
            r.id for r in mentoring.list_mentorships(f)
        )))  # fmt: skip
        rows.sort(key=lambda r: (r.status != MentorshipStatus.ACTIVE, not r.quiet,
                                 -r.start_date.toordinal(), -r.id))  # fmt: skip
        return [r.id for r in rows]

    filters = [MentorshipFilter(), MentorshipFilter(text="赵"), MentorshipFilter(text="zh"),
               MentorshipFilter(status=MentorshipStatus.ACTIVE), MentorshipFilter(quiet_only=True),
               MentorshipFilter(text="赵", status=MentorshipStatus.STOPPED),
               MentorshipFilter(mentor_id=mentor)]  # fmt: skip
    for split_from in (0, 3000):
        monkeypatch.setattr(module, "SPLIT_FROM", split_from)
        for f in filters:
            whole = expected(f)
            assert [r.id for r in mentoring.list_mentorships(f)] == whole
            pages = [mentoring.list_mentorships(f, offset, 4) for offset in range(0, 28, 4)]
            assert [r.id for page in pages for r in page] == whole, (split_from, f)
