"""Settings (issue 8.9): each declared once with its rule; kept in the database
(audited, carried by a backup); the reports print 支部名称 from them and refuse
to guess it; the command line lists and sets them by the same rules."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pairing_data import Q1_FROM, Q1_TO, build_ledger
from pypdf import PdfReader
from sqlalchemy import select

from app.cli import run
from app.domain.errors import UserError, ValidationFailed
from app.domain.models import AuditEntry
from app.domain.settings import (
    BRANCH_NAME,
    BRANCH_SECRETARY,
    OPERATOR,
    PARENT_ORGANISATION,
    SETTINGS,
    SettingSpec,
    decode,
    find_setting,
    groups,
    parse_value,
    validate,
)
from app.reports.pairing_ledger import write_pairing_ledger
from app.services.pairing import SessionFilter

MANY = settings(max_examples=1000, deadline=None)
Q1 = SessionFilter(Q1_FROM, Q1_TO)

# What later issues add (the points rules of 党员承诺): numbers with ranges.
BASE_POINTS = SettingSpec(
    "pledge.base", "年度基础分", int, 100, "积分规则", minimum=0, maximum=1000
)
RATING_POINTS = SettingSpec(
    "pledge.rating", "每次评价加分", float, 0.5, "积分规则", minimum=0, maximum=10
)
EVERY_KIND = (*SETTINGS, BASE_POINTS, RATING_POINTS)

any_text = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.from_regex(r"[+\-－＋]?[0-9０-９]{0,20}([.．][0-9０-９]{0,9})?", fullmatch=True),
    st.text(alphabet="0123456789.,-+eE 　\t\n\x00infa", max_size=30),
)
any_value = st.one_of(
    any_text, st.none(), st.booleans(), st.integers(), st.floats(), st.lists(st.integers())
)


def cut_off(message: str | None) -> bool:
    """The catch-all answer: a rule that had to be rescued from an exception."""
    return bool(message) and message.endswith("的值无法识别")


# ----- the declarations and their rules -------------------------------------------


@MANY
@given(raw=any_text)
def test_every_rule_answers_any_text_with_a_value_or_a_message(raw):
    for setting in EVERY_KIND:
        value, message = parse_value(setting, raw)
        assert (value is None) != (message is None)
        assert not cut_off(message), (setting.key, raw, message)
        if value is not None:
            assert isinstance(value, setting.kind)
            assert parse_value(setting, value) == (value, None)  # stored values read back


@MANY
@given(raw=any_value, key=st.one_of(st.sampled_from([s.key for s in SETTINGS]), st.text()))
def test_validate_decode_and_find_never_raise(raw, key):
    parsed, errors = validate({key: raw})
    assert set(parsed) | set(errors) == {key}
    assert all(isinstance(m, str) and m for m in errors.values())
    for setting in EVERY_KIND:
        text = raw if isinstance(raw, str) else json.dumps(raw)
        assert isinstance(decode(setting, text), setting.kind)
    found = find_setting(raw)
    assert found is None or found in SETTINGS


def test_the_rules_a_user_meets():
    name = find_setting("支部名称")
    assert name is find_setting("branch.name") is find_setting(" 支部名称 ")
    assert parse_value(name, "  北区分公司党支部 ") == ("北区分公司党支部", None)
    assert parse_value(name, "　") == (None, "请填写支部名称")
    assert parse_value(name, "党" * 101) == (None, "支部名称不能超过 100 个字")
    assert parse_value(find_setting("书记"), "") == ("", None)  # optional
    assert parse_value(BASE_POINTS, "１２０") == (120, None)  # typed with a Chinese IME
    assert parse_value(BASE_POINTS, "12.5") == (None, "年度基础分须为整数")
    assert parse_value(BASE_POINTS, "2000") == (None, "年度基础分须在 0 到 1000 之间")
    assert parse_value(BASE_POINTS, "") == (None, "请填写年度基础分")
    assert parse_value(RATING_POINTS, "1.5") == (1.5, None)
    assert parse_value(RATING_POINTS, "abc") == (None, "每次评价加分须为数字")
    assert parse_value(RATING_POINTS, "nan") == (None, "每次评价加分须为数字")
    assert parse_value(RATING_POINTS, "-1") == (None, "每次评价加分须在 0 到 10 之间")
    assert [group for group, _ in groups(EVERY_KIND)] == ["支部信息", "经办信息", "积分规则"]
    assert [s.label for s in SETTINGS][:5] == [
        "支部名称",
        "书记",
        "组织委员",
        "上级党组织",
        "经办人",
    ]
    assert [s.label for s in SETTINGS if s.group == "积分规则"][:1] == ["年度基础分"]
    assert len({s.key for s in SETTINGS}) == len({s.label for s in SETTINGS}) == len(SETTINGS)
    assert all(parse_value(s, s.default)[1] is None for s in SETTINGS if not s.required)


# ----- the service -----------------------------------------------------------------


def test_settings_round_trip_through_the_database_with_an_audit_row(services, db_target):
    from app.persistence.database import Database
    from app.services.registry import Services

    assert services.settings.get(BRANCH_NAME) == "" and not services.settings.has_branch_name()
    assert services.settings.get_all() == {s.key: s.default for s in SETTINGS}
    saved = services.settings.save({BRANCH_NAME: " 北区分公司党支部 ", BRANCH_SECRETARY: "王芳"})
    assert saved == {BRANCH_NAME: "北区分公司党支部", BRANCH_SECRETARY: "王芳"}
    services.settings.save({BRANCH_NAME: "城东街道党支部"})

    other = Database.open(db_target)  # what another start of the program reads
    try:
        reread = Services.build(other, services.paths, services.areas).settings
        assert reread.get(BRANCH_NAME) == "城东街道党支部"
        assert reread.branch().secretary == "王芳"
    finally:
        other.close()

    with services.db.reading() as session:
        rows = session.execute(
            select(AuditEntry.action, AuditEntry.summary, AuditEntry.before, AuditEntry.after)
            .where(AuditEntry.entity == "settings")
            .order_by(AuditEntry.id)
        ).all()
    assert [(r.action, r.summary) for r in rows] == [
        ("create", BRANCH_NAME),
        ("create", BRANCH_SECRETARY),
        ("update", BRANCH_NAME),
    ]
    assert json.loads(rows[2].before) == {"value": '"北区分公司党支部"'}
    assert json.loads(rows[2].after) == {"value": '"城东街道党支部"'}


def test_a_bad_value_saves_nothing(services):
    with pytest.raises(ValidationFailed) as caught:
        services.settings.save({BRANCH_SECRETARY: "王芳", BRANCH_NAME: "  "})
    assert caught.value.errors == {BRANCH_NAME: "请填写支部名称"}
    with pytest.raises(ValidationFailed) as caught:
        services.settings.save({"branch.colour": "红"})
    assert caught.value.errors == {"branch.colour": "没有名为「branch.colour」的设置"}
    assert services.settings.get_all()[BRANCH_SECRETARY] == ""


def test_the_operator_is_the_audit_actor(services):
    from app.domain.validation import UnitInput

    system_user = services.db.actor
    services.settings.save({OPERATOR: "李经办"})
    services.people.add_unit(UnitInput("综合部"))
    services.settings.save({OPERATOR: ""})
    services.people.add_unit(UnitInput("财务部"))
    with services.db.reading() as session:
        actors = dict(
            session.execute(
                select(AuditEntry.summary, AuditEntry.actor).where(AuditEntry.entity == "units")
            ).all()
        )
    assert actors == {"综合部": "李经办", "财务部": system_user}


def test_a_backup_carries_the_settings(services, app_paths):
    from app.persistence.backups import MANUAL
    from app.persistence.database import Database
    from app.services.registry import Services

    if services.database_file is None:
        pytest.skip("backups are SQLite files")
    services.settings.save({BRANCH_NAME: "北区分公司党支部"})
    path = services.backups.create(reason=MANUAL, destination=app_paths.data_dir / "copy.sqlite3")
    copy = Database.open(path, read_only=True)
    try:
        assert Services.build(copy, app_paths, services.areas).settings.get(BRANCH_NAME) == (
            "北区分公司党支部"
        )
    finally:
        copy.close()


# ----- the reports ------------------------------------------------------------------


def header_and_author(path):
    """The first page's text (without spaces: runs of two fonts) and the Author."""
    reader = PdfReader(path)
    return "".join(reader.pages[0].extract_text().split()), reader.metadata.author


def test_the_ledger_prints_the_branch_as_set_not_the_first_unit(services, tmp_path):
    build_ledger(services)  # its one top unit is 北区分公司
    with pytest.raises(UserError) as caught:
        write_pairing_ledger(services, Q1, tmp_path / "台账.pdf")
    assert "尚未设置支部名称" in caught.value.message and "工具 → 设置" in caught.value.message
    assert not (tmp_path / "台账.pdf").exists()

    services.settings.save({BRANCH_NAME: "城东街道党支部"})
    text, author = header_and_author(write_pairing_ledger(services, Q1, tmp_path / "台账.pdf"))
    assert author == "城东街道党支部"
    assert "城东街道党支部" in text and "北区分公司" not in text

    services.settings.save({PARENT_ORGANISATION: "中共某某公司委员会"})
    text, author = header_and_author(write_pairing_ledger(services, Q1, tmp_path / "台账.pdf"))
    assert "中共某某公司委员会城东街道党支部结对帮扶台账·打印日期" in text  # the header line
    assert author == "城东街道党支部"


def test_a_branch_name_the_fonts_cannot_print_is_refused_naming_where(services, tmp_path):
    services.settings.save({BRANCH_NAME: "党支部\U0001f389"})
    with pytest.raises(UserError) as caught:
        write_pairing_ledger(services, Q1, tmp_path / "台账.pdf")
    assert "U+1F389" in caught.value.message and "设置中的支部名称" in caught.value.message
    # The 书记 prints in the signature lines: checked as well.
    services.settings.save({BRANCH_NAME: "党支部", BRANCH_SECRETARY: "王\U0010fffd"})
    with pytest.raises(UserError) as caught:
        write_pairing_ledger(services, Q1, tmp_path / "台账.pdf")
    assert "U+10FFFD" in caught.value.message and "设置中的书记" in caught.value.message


# ----- the command line --------------------------------------------------------------


def test_settings_on_the_command_line(tmp_path, capsys):
    db = str(tmp_path / "ledger.sqlite3")
    assert run(["--db", db, "settings"]) == 0
    out = capsys.readouterr().out
    assert "【支部信息】" in out and "支部名称（branch.name）：（未设置）" in out
    assert "settings set 支部名称" in out

    assert run(["--db", db, "settings", "set", "支部名称", "北区分公司党支部"]) == 0
    assert capsys.readouterr().out.strip() == "已保存：支部名称 = 北区分公司党支部"
    assert run(["--db", db, "settings", "set", "branch.secretary", "王芳"]) == 0
    assert capsys.readouterr().out.strip() == "已保存：书记 = 王芳"
    assert run(["--db", db, "settings", "set", "上级党组织", "中共", "某某公司委员会"]) == 0
    capsys.readouterr()
    assert run(["--db", db, "settings"]) == 0
    out = capsys.readouterr().out
    assert "支部名称（branch.name）：北区分公司党支部" in out
    assert "书记（branch.secretary）：王芳" in out
    assert "上级党组织（branch.parent_organisation）：中共 某某公司委员会" in out

    # mistakes: one Chinese line, non-zero, nothing changed
    assert run(["--db", db, "settings", "set", "支部名称", " "]) == 1
    assert capsys.readouterr().err == "错误：请填写支部名称\n"
    assert run(["--db", db, "settings", "set", "主任", "张三"]) == 1
    assert capsys.readouterr().err.startswith(
        "错误：没有名为「主任」的设置；可用：支部名称、书记、组织委员、上级党组织、经办人、年度基础分"
    )
    with pytest.raises(SystemExit) as stopped:
        run(["--db", db, "settings", "set", "支部名称"])
    assert stopped.value.code == 2
    assert "参数错误：缺少必需的参数：值" in capsys.readouterr().err
    assert run(["--db", db, "settings"]) == 0
    assert "支部名称（branch.name）：北区分公司党支部" in capsys.readouterr().out


def test_report_without_a_branch_name_says_how_to_set_it(services, db_target, tmp_path, capsys):
    if "://" in db_target:
        pytest.skip("the command line test uses a SQLite file")
    build_ledger(services)
    out = tmp_path / "台账.pdf"
    args = ["--db", db_target, "report", "pairing", "--from", "2026-01-01", "--to", "2026-03-31"]
    assert run([*args, "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("错误：尚未设置支部名称")
    assert "settings set 支部名称" in err
    assert not out.exists()

    assert run(["--db", db_target, "settings", "set", "支部名称", "城东街道党支部"]) == 0
    assert run([*args, "--out", str(out)]) == 0
    assert capsys.readouterr().err == ""
    text, author = header_and_author(out)
    assert author == "城东街道党支部" and "城东街道党支部" in text and "北区分公司" not in text
