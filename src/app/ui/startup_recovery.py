"""At start, when the database file is damaged or not ours: set it aside and
offer the way back (the newest good backup, another backup, a new empty
database, or quit), all through ``Prompts`` so tests answer it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from app.domain.errors import UserError
from app.persistence.recovery import Recovery, describe_backup

if TYPE_CHECKING:
    from app.services.registry import Services
    from app.ui.prompts import Prompts


def _tr(text: str) -> str:
    return QCoreApplication.translate("StartupRecovery", text)


def recovery_actions() -> tuple[str, str, str]:
    """The three buttons besides 关闭 (which quits): latest, another, empty."""
    return (_tr("恢复最新的完好备份"), _tr("选择其他备份…"), _tr("新建空数据库"))


def recover_at_start(
    prompts: Prompts,
    recovery: Recovery,
    open_services: Callable[[str | None], Services],
    db_arg: str | None,
) -> Services | None:
    """Ask what to do with the damaged file; the services of the database
    opened after the choice, or None when the user quits (the file untouched)."""
    latest_label, other_label, empty_label = recovery_actions()
    title = _tr("数据库文件无法使用")
    while True:
        try:
            newest = recovery.newest_good()
            choices = recovery.choices()
        except UserError as exc:  # the backups folder cannot be read
            newest, choices = None, []
            shared_note = exc.message
        else:
            shared_note = ""
        lines = [
            recovery.problem,
            "",
            _tr(
                "继续之前，这个文件会原样改名保存为「{name}.damaged-日期时间」，不会被修改或删除。"
            ).format(name=recovery.database.name),
        ]
        actions: list[str] = []
        if newest is not None:
            lines.append(_tr("最新的完好备份：{backup}").format(backup=describe_backup(newest)))
            actions.append(latest_label)
        else:
            lines.append(_tr("没有找到这个数据库的完好备份。"))
        if shared_note:
            lines.append(shared_note)
        if choices:
            actions.append(other_label)
        actions.append(empty_label)
        lines.append(_tr("选择“关闭”退出程序，文件保持原样。"))
        answer = prompts.choose(None, title, "\n".join(lines), actions)
        if answer is None:
            return None
        try:
            if answer == latest_label and newest is not None:
                kept = recovery.restore(newest.path)
                done = _tr("已恢复 {backup}。").format(backup=describe_backup(newest))
            elif answer == other_label:
                chosen = prompts.choose_backup(
                    None,
                    choices,
                    _tr(
                        "选择一个备份放到「{name}」的位置。原来的文件会改名保存，不会被修改。"
                    ).format(name=recovery.database.name),
                )
                if chosen is None:
                    continue  # back to the first question
                kept = recovery.restore(chosen.path)
                done = _tr("已恢复 {backup}。").format(backup=describe_backup(chosen))
            else:
                kept = recovery.start_empty()
                done = _tr("已新建一个空数据库。")
        except UserError as exc:
            prompts.error(None, _tr("恢复失败"), exc.message)
            continue
        try:
            services = open_services(db_arg)
        except UserError as exc:
            prompts.error(None, _tr("无法打开数据库"), exc.message)
            return None
        prompts.info(
            None,
            _tr("恢复完成"),
            done + "\n" + _tr("原来的文件已改名保存为：\n{path}").format(path=kept),
        )
        return services
