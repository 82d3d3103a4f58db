"""The 老带新 list as the page pages through it: quiet pairs first, then the
other active ones, then the rest by start; pages of a filtered list add up to
the count, with each row's check-ins and days since the last one."""

from __future__ import annotations

import datetime as dt

from app.domain.enums import UnitKind
from app.domain.mentoring_models import MentorshipFocus, MentorshipStatus
from app.domain.validation import PersonInput, UnitInput
from app.services.mentoring import MentorshipFilter, MentorshipInput

TODAY = dt.date(2021, 12, 20)
D = dt.date


def test_pages_are_ordered_and_filtered_as_the_counts_say(services):
    services.mentoring._today = lambda: TODAY
    north = services.people.add_unit(UnitInput(name="北区", kind=UnitKind.BRANCH_COMPANY))
    south = services.people.add_unit(UnitInput(name="南区", kind=UnitKind.BRANCH_COMPANY))
    mentor = services.people.add_person(PersonInput(name="张伟", unit_id=north))
    pairs = []
    for i in range(12):
        mentee = services.people.add_person(
            PersonInput(name=f"学员{i:02d}", unit_id=north if i % 2 else south)
        )
        status = [MentorshipStatus.ACTIVE, MentorshipStatus.GRADUATED][i % 3 == 2]
        mid = services.mentoring.add_mentorship(
            MentorshipInput(mentor_id=mentor, mentee_id=mentee, start_date=D(2021, 1, 1 + i),
                            focus=[MentorshipFocus.SKILLS], status=status,
                            ended_on=D(2021, 12, 1) if status != MentorshipStatus.ACTIVE else None)
        )  # fmt: skip
        if i % 4 == 0:  # recent: not quiet
            services.mentoring.add_check_in(mid, D(2021, 12, 10), "带教")
            services.mentoring.add_check_in(mid, D(2021, 12, 1), "带教")
        pairs.append(mid)
    rows = services.mentoring.list_mentorships(MentorshipFilter())
    assert len(rows) == services.mentoring.count_mentorships(MentorshipFilter()) == 12
    kinds = [(r.status != MentorshipStatus.ACTIVE, not r.quiet) for r in rows]
    assert kinds == sorted(kinds)  # quiet active, other active, the rest
    assert all(r.quiet for r in rows if r.status == MentorshipStatus.ACTIVE and not r.check_ins)
    recent = next(r for r in rows if r.id == pairs[0])
    assert (recent.check_ins, recent.last_check_in, recent.quiet_days, recent.quiet) == (
        2, D(2021, 12, 10), 10, False
    )  # fmt: skip
    # Within a group: the latest start first.
    quiet = [r.start_date for r in rows if r.quiet]
    assert quiet == sorted(quiet, reverse=True)
    # Pages add up to the whole list.
    paged = [r.id for first in range(0, 12, 5)
             for r in services.mentoring.list_mentorships(MentorshipFilter(), first, 5)]  # fmt: skip
    assert paged == [r.id for r in rows]
    # A unit or a name narrows the list, its count and its totals alike.
    for f in (MentorshipFilter(unit_id=south), MentorshipFilter(text="学员01"),
              MentorshipFilter(unit_id=south, quiet_only=True)):  # fmt: skip
        listed = services.mentoring.list_mentorships(f)
        assert len(listed) == services.mentoring.count_mentorships(f), f
        totals = services.mentoring.totals(f)
        by_status = [r.status for r in services.mentoring.list_mentorships(
            MentorshipFilter(unit_id=f.unit_id, text=f.text))]  # fmt: skip
        assert totals.active == by_status.count(MentorshipStatus.ACTIVE)
        assert totals.graduated == by_status.count(MentorshipStatus.GRADUATED)
    assert {r.mentee_name for r in services.mentoring.list_mentorships(
        MentorshipFilter(unit_id=south))} == {f"学员{i:02d}" for i in range(0, 12, 2)}  # fmt: skip
    totals = services.mentoring.totals(MentorshipFilter(unit_id=south))
    assert totals.check_ins == 2 * len([i for i in range(0, 12, 4) if i % 2 == 0])
