"""The export-done message names the file once (issue 8, point 12)."""

from __future__ import annotations

from background_helpers import wait_for_background
from sample_roster import seed


def test_export_done_names_the_file_once(qtbot, window, services, prompts, tmp_path):
    seed(services)
    target = tmp_path / "台账.xlsx"
    prompts.save_answers.append(target)
    window.file_actions.export_workbook()
    wait_for_background(qtbot, window)
    [(kind, title, text)] = [s for s in prompts.shown if s[0] != "save_workbook"]
    assert (kind, title) == ("info", "导出完成")
    assert text.count(str(target)) == 1, text
    assert text.count("台账.xlsx") == 1
    first, *rest = text.splitlines()
    assert first.startswith("导出完成：单位 ") and "人员 " in first
    assert rest == ["已保存到：", str(target)]  # on a line of its own, to select and copy
