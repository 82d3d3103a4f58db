"""The import's progress is real: it moves from start to end, also for workbooks
whose writer left out the sheet size (openpyxl's write-only mode does), where it
used to sit at two thirds for the whole import."""

from __future__ import annotations

from openpyxl import Workbook

from app.exchange.workbook_import import import_workbook

PEOPLE_HEADER = ["姓名", "工号", "性别", "所在单位", "政治面貌"]


def people_workbook(path, count: int, *, write_only: bool):
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("单位") if write_only else book.active
    if not write_only:
        sheet.title = "单位"
    sheet.append(["单位名称", "上级单位", "类型"])
    sheet.append(["北区分公司", "", "分公司"])
    people = book.create_sheet("人员")
    people.append(PEOPLE_HEADER)
    for i in range(count):
        people.append([f"人员{i}", f"N{i:05d}", "男", "北区分公司", "群众"])
    book.save(path)
    return path


def progress_of(services, path) -> list[tuple[int, int]]:
    calls: list[tuple[int, int]] = []
    import_workbook(services, path, lambda done, total: calls.append((done, total)))
    return calls


def assert_moves_to_the_end(calls: list[tuple[int, int]]) -> None:
    known = [(done, total) for done, total in calls if total > 0]
    done, total = known[-1]
    assert done == total, calls[-5:]
    fractions = [d / t for d, t in known]
    assert fractions == sorted(fractions), "progress went backwards"
    # not stuck: it passes through the middle and the last quarter on its way
    assert any(0.25 < f < 0.75 for f in fractions), fractions
    assert any(0.75 <= f < 1 for f in fractions), fractions


def test_progress_moves_to_the_end_without_a_declared_sheet_size(services, tmp_path):
    path = people_workbook(tmp_path / "无尺寸.xlsx", 3000, write_only=True)
    calls = progress_of(services, path)
    assert_moves_to_the_end(calls)
    assert services.people.count_people() == 3000


def test_progress_moves_to_the_end_with_a_declared_sheet_size(services, tmp_path):
    path = people_workbook(tmp_path / "有尺寸.xlsx", 3000, write_only=False)
    assert_moves_to_the_end(progress_of(services, path))
