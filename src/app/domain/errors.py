"""Errors a user can cause. Each carries a Chinese message fit to show as is."""

from __future__ import annotations


class UserError(Exception):
    """A mistake or a refusal the user should read; never a bug."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationFailed(UserError):
    """A form or record failed validation; ``errors`` maps field -> message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("；".join(errors.values()) or "数据不完整")


class NotFound(UserError):
    pass


DEFAULT_IN_USE_ADVICE = "请先处理这些记录。"


def in_use_message(what: str, dependents: list[str], advice: str = DEFAULT_IN_USE_ADVICE) -> str:
    """「张伟」不能删除：在 2 个结对中（…）；参加过 3 次帮扶活动。可改为标记「已转出」。

    Each dependent is a clause of its own (joined with ；), the advice a sentence after them.
    """
    return f"{what}不能删除：{'；'.join(dependents)}。{advice}"


class InUse(UserError):
    """The record cannot be deleted because other records depend on it."""

    def __init__(
        self, what: str, dependents: list[str], advice: str = DEFAULT_IN_USE_ADVICE
    ) -> None:
        self.dependents = list(dependents)
        self.advice = advice
        super().__init__(in_use_message(what, self.dependents, advice))


class DatabaseRefused(UserError):
    """The file or server is not a database this app may open or write."""


class ImportFailed(UserError):
    """A workbook could not be imported; nothing was written.

    ``problems`` lists each problem as (sheet, row, column, message); row is the
    Excel row number, column the header text (or None where neither applies).
    """

    def __init__(self, problems: list[tuple[str | None, int | None, str | None, str]]) -> None:
        self.problems = list(problems)
        lines = [format_problem(p) for p in self.problems[:20]]
        more = len(self.problems) - len(lines)
        if more > 0:
            lines.append(f"……另有 {more} 处错误")
        super().__init__("导入失败，未写入任何数据：\n" + "\n".join(lines))


def format_problem(problem: tuple[str | None, int | None, str | None, str]) -> str:
    sheet, row, column, message = problem
    where = []
    if sheet:
        where.append(f"工作表「{sheet}」")
    if row:
        where.append(f"第 {row} 行")
    if column:
        where.append(f"「{column}」列")
    return ("".join(where) + "：" if where else "") + message


class DatabaseDamaged(DatabaseRefused):
    """The file at the database's place is damaged or not this app's database
    (zero bytes, random bytes, another program's SQLite file, a folder, a lost
    -wal ...): it can be set aside and a backup put in its place. A newer
    schema, a locked or read-only file are plain DatabaseRefused: nothing to
    recover there."""


class PasswordNeeded(DatabaseDamaged):
    """The file looks like an encrypted database (no SQLite header, bytes that
    look random) and no password was given. Without the password it cannot be
    told from random bytes: asked for the password first, the user may still
    take the way back of a damaged file (which sets it aside, unchanged)."""


class WrongPassword(DatabaseRefused):
    """The database is encrypted and the password given does not open it."""
