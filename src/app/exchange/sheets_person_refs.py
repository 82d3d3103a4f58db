"""How the pairing sheets name people, and how those names are resolved.

People in 帮扶方, 受帮扶方 and 参与人员 are written by name, or as 姓名(工号) /
姓名（工号） where a name is not unique (姓名(单位) for a namesake without a 工号);
a name shared by several people is an error naming the row and column. They are resolved against the people as they
will be once the 人员 sheet of the same workbook is written.
"""

import re

from sqlalchemy import Connection, select

from app.domain.models import Person, Unit
from app.domain.text import clean_name, clean_text
from app.exchange.sheets import ImportContext

_WITH_NO = re.compile(r"^(.*?)\s*[(（]\s*([^()（）]*?)\s*[)）]$")

PersonKey = tuple[str, str, str]  # ("no", 工号, "") or ("name", name, unit)


class PeopleIndex:
    """The people as they will be after the 人员 sheet is written."""

    def __init__(self, connection: Connection, ctx: ImportContext) -> None:
        units = dict(connection.execute(select(Unit.id, Unit.name)).all())
        replaced = {target for target, *_ in ctx.people_after if target is not None}
        people: list[tuple[str, str, str]] = [
            (r.name, r.employee_no or "", units.get(r.unit_id, "") if r.unit_id else "")
            for r in connection.execute(
                select(Person.id, Person.name, Person.employee_no, Person.unit_id)
            )
            if r.id not in replaced
        ]
        people += [(name, no, unit) for _, name, no, unit in ctx.people_after]
        self.by_no = {no: (name, unit) for name, no, unit in people if no}
        self.by_name: dict[str, list[tuple[str, str]]] = {}
        for name, no, unit in people:
            self.by_name.setdefault(name, []).append((no, unit))

    def resolve(self, token: str) -> tuple[PersonKey | None, str | None]:
        """The person a cell item names, or the message saying why not."""
        match = _WITH_NO.match(token)
        if match and match.group(2):
            name, extra = clean_name(match.group(1)), clean_text(match.group(2))
            if extra in self.by_no:
                on_file = self.by_no[extra][0]
                if name and name != on_file:
                    return None, f"工号 {extra} 是「{on_file}」，不是「{name}」"
                return ("no", extra, ""), None
            # Namesakes without a 工号 are told apart by their unit: 姓名(单位).
            in_unit = [no for no, unit in self.by_name.get(name, []) if unit == clean_name(extra)]
            if len(in_unit) > 1:  # one with a 工号 is written 姓名(工号); this is the other
                in_unit = [no for no in in_unit if not no]
            if len(in_unit) == 1:
                no = in_unit[0]
                return (("no", no, "") if no else ("name", name, clean_name(extra))), None
            return (
                None,
                f"没有工号为 {extra} 的人员，「{extra}」也不是「{name}」所在的单位（{token}）",
            )
        name = clean_name(token)
        found = self.by_name.get(name, [])
        if not found:
            return None, f"人员「{name}」不存在：请先在「人员」工作表或名册中添加"
        if len(found) > 1:
            where = "、".join(
                f"{unit or '未分配单位'}{'·' + no if no else ''}" for no, unit in found
            )
            return None, (
                f"有 {len(found)} 名「{name}」（{where}），无法确定是哪一位；请写成 {name}(工号)"
            )
        no, unit = found[0]
        return (("no", no, "") if no else ("name", name, unit)), None


def resolve_list(
    index: PeopleIndex, tokens: list[str], problem, key: str
) -> list[PersonKey] | None:
    keys: list[PersonKey] = []
    ok = True
    for token in tokens:
        person, message = index.resolve(token)
        if person is None:
            problem(key, message)
            ok = False
        elif person not in keys:
            keys.append(person)
    return keys if ok else None


def person_ids_by_key(connection: Connection) -> dict[PersonKey, int]:
    units = dict(connection.execute(select(Unit.id, Unit.name)).all())
    ids: dict[PersonKey, int] = {}
    for r in connection.execute(select(Person.id, Person.name, Person.employee_no, Person.unit_id)):
        if r.employee_no:
            ids[("no", r.employee_no, "")] = r.id
        else:
            ids[("name", r.name, units.get(r.unit_id, "") if r.unit_id else "")] = r.id
    return ids


def person_labels(connection: Connection) -> dict[int, str]:
    """How the export writes each person: the name, or for namesakes 姓名(工号),
    or 姓名(单位) for one without a 工号."""
    units = dict(connection.execute(select(Unit.id, Unit.name)).all())
    rows = connection.execute(
        select(Person.id, Person.name, Person.employee_no, Person.unit_id)
    ).all()
    count: dict[str, int] = {}
    for r in rows:
        count[r.name] = count.get(r.name, 0) + 1
    labels = {}
    for r in rows:
        unit = units.get(r.unit_id, "") if r.unit_id else ""
        if count[r.name] == 1:
            labels[r.id] = r.name
        elif r.employee_no:
            labels[r.id] = f"{r.name}({r.employee_no})"
        else:
            labels[r.id] = f"{r.name}({unit})" if unit else r.name
    return labels
