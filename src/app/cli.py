"""The command line: the same services as the window, no Qt imported here."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app import APP_NAME, __version__
from app.area import ReportRequest
from app.areas import report_kinds
from app.domain.errors import DatabaseDamaged, PasswordNeeded, UserError, WrongPassword
from app.domain.settings import MISSING_BRANCH_NAME

# argparse's own words (usage, help headings, its error messages) in Chinese.
# argparse looks every message up through the ``_`` it took from gettext, at the
# moment it prints; Python ships no Chinese catalog, so it gets this table
# (a message it does not know stays as it is).
ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示程序版本并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r（可选：%(choices)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多需要一个值",
    "expected at least one argument": "至少需要一个值",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是：%(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "需要以下参数之一：%s",
    "ignored explicit argument %r": "忽略了多余的值 %r",
}


def _chinese(message: str) -> str:
    return ARGPARSE_ZH.get(message, message)


def use_chinese_argparse() -> None:
    """Make argparse print its own words in Chinese (idempotent)."""
    argparse._ = _chinese  # type: ignore[attr-defined]


class _ChineseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:
        self.print_usage(sys.stderr)
        self.exit(2, f"参数错误：{message}\n")


def build_parser() -> argparse.ArgumentParser:
    use_chinese_argparse()
    parser = _ChineseArgumentParser(
        prog="branch-ledger", description=f"{APP_NAME}：党支部工作台账（离线）"
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"{APP_NAME} {__version__}",
        help="显示程序版本并退出",
    )
    parser.add_argument("--db", metavar="PATH_OR_URL", help="数据库文件路径或 SQLAlchemy 地址")
    parser.add_argument(
        "--smoke", action="store_true", help="启动窗口，绘制完成后立即退出（用于测试）"
    )
    # --smoke with a PDF: also preview and print its first page (the frozen build's test)
    parser.add_argument("--smoke-pdf", type=Path, help=argparse.SUPPRESS)
    # --smoke-until painted: quit at the first paint, before the database is
    # opened (bench/bench_startup.py); the default waits for the rows.
    parser.add_argument(
        "--smoke-until", choices=("painted", "rows"), default="rows", help=argparse.SUPPRESS
    )
    sub = parser.add_subparsers(dest="command", metavar="命令")
    p_import = sub.add_parser("import", help="导入交换工作簿（全部成功或全部不导入）")
    p_import.add_argument("file", type=Path)
    p_export = sub.add_parser("export", help="把全部台账导出为工作簿")
    p_export.add_argument("file", type=Path)
    p_backup = sub.add_parser("backup", help="备份数据库")
    p_backup.add_argument("--to", type=Path, help="备份文件路径（默认放在备份文件夹）")
    sub.add_parser("check", help="完整性检查，损坏时返回非零并说明可恢复哪个备份")
    p_restore = sub.add_parser(
        "restore",
        help="从备份恢复数据库（restore 备份文件，或 restore --latest）",
        description="用一个备份替换数据库的内容。当前文件完好时先备份它；"
        "损坏时把它改名保存为「文件名.damaged-时间」（不修改），再放入备份。",
    )
    which = p_restore.add_mutually_exclusive_group(required=True)
    which.add_argument("file", nargs="?", type=Path, metavar="备份文件", help="要恢复的备份文件")
    which.add_argument("--latest", action="store_true", help="恢复本数据库最新的完好备份")
    kinds = report_kinds()
    p_report = sub.add_parser(
        "report",
        help="生成 PDF 报表（例如 report pairing --from … --to … --out 台账.pdf）",
        description="生成 PDF 报表。可用的报表："
        + "；".join(f"{key}（{kind.title}）" for key, kind in kinds.items()),
    )
    p_report.add_argument("kind", metavar="KIND", help="报表：" + "、".join(kinds))
    p_report.add_argument("--from", dest="date_from", type=_date_argument, metavar="YYYY-MM-DD")
    p_report.add_argument("--to", dest="date_to", type=_date_argument, metavar="YYYY-MM-DD")
    p_report.add_argument("--year", type=_year_argument, metavar="YYYY")
    p_report.add_argument("--title", metavar="会议名称", help="签到表的会议名称")
    p_report.add_argument(
        "--date", dest="day", type=_date_argument, metavar="YYYY-MM-DD", help="签到表的会议日期"
    )
    p_report.add_argument(
        "--out", type=Path, required=True, metavar="FILE.pdf", help="PDF 文件；工作汇总也可为 .docx"
    )
    p_settings = sub.add_parser(
        "settings",
        help="列出设置（支部名称、书记等）；settings set 项 值 修改一项",
        description="不带参数时列出全部设置及其当前值。",
    )
    settings_sub = p_settings.add_subparsers(dest="settings_command", metavar="操作")
    p_set = settings_sub.add_parser(
        "set",
        help="修改一项设置（例如 settings set 支部名称 北区分公司党支部）",
        description="修改一项设置。项可写中文名（如 支部名称）或键（如 branch.name）。",
    )
    p_set.add_argument("key", metavar="项", help="设置项：中文名或键")
    p_set.add_argument("value", metavar="值", nargs="+", help="新的值（空格分开的几段连成一个值）")
    return parser


NO_SUCH_REPORT = 2  # exit status for a report kind that does not exist

# The password of an encrypted database, for scripts (read only when the file is
# encrypted; otherwise it is asked for on the terminal).
PASSWORD_ENV = "BRANCH_LEDGER_PASSWORD"
PASSWORD_TRIES = 3


def _with_password(open_with):
    """``open_with(password)``: first with the password in BRANCH_LEDGER_PASSWORD
    (or none); when the file is encrypted and that is not set, asked on the
    terminal (getpass, up to three tries). Without a terminal, or after three
    wrong tries, the refusal is raised (a wrong password: WrongPassword)."""
    import os

    password = os.environ.get(PASSWORD_ENV) or None
    try:
        return open_with(password)
    except PasswordNeeded:
        if password is not None or not sys.stdin.isatty():
            raise
    from getpass import getpass

    for attempt in range(1, PASSWORD_TRIES + 1):
        typed = getpass("数据库已加密，请输入密码：")
        try:
            return open_with(typed or None)
        except (WrongPassword, PasswordNeeded) as exc:
            if attempt == PASSWORD_TRIES:
                raise WrongPassword(f"数据库密码不正确（已尝试 {PASSWORD_TRIES} 次）。") from exc
            print("密码不正确，请重试。", file=sys.stderr)
    raise AssertionError("unreachable")


def _date_argument(text: str):
    from app.domain.validation import parse_date

    day = parse_date(text)
    if day is None:
        raise argparse.ArgumentTypeError(f"「{text}」不是有效日期（例如 2026-03-31）")
    return day


def _year_argument(text: str) -> int:
    if not (text.isdigit() and len(text) == 4 and 1921 <= int(text) <= 2100):
        raise argparse.ArgumentTypeError(f"「{text}」不是有效年度（例如 2026）")
    return int(text)


def run(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from app.bootstrap import open_services

    try:
        if args.command is None:
            from app.bootstrap import run_gui

            return run_gui(
                args.db, smoke=args.smoke, smoke_pdf=args.smoke_pdf, smoke_until=args.smoke_until
            )
        if args.command == "check":
            return _cmd_check(args)
        if args.command == "restore":
            return _cmd_restore(args)
        if args.command == "report" and args.kind not in report_kinds():
            return _no_such_report(args.kind)
        services = _with_password(
            lambda password: open_services(
                args.db,
                auto_backup=args.command not in ("backup", "report", "settings"),
                password=password,
            )
        )
        try:
            return _COMMANDS[args.command](services, args)
        finally:
            services.close()
    except WrongPassword as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        return 1
    except PasswordNeeded as exc:
        # Encrypted, or damaged: without the password nobody can tell, so both ways on.
        print(
            f"错误：{exc.message}如果它是加密的数据库，请在终端中运行以输入密码，"
            f"或设置环境变量 {PASSWORD_ENV}；如果它从未加密过，"
            f"可运行「{_program()} restore --latest」从最新的备份恢复。",
            file=sys.stderr,
        )
        return 1
    except DatabaseDamaged as exc:
        advice = (
            ""
            if "://" in (args.db or "")
            else f"可运行「{_program()} restore --latest」从最新的备份恢复。"
        )
        print(f"错误：{exc.message}{advice}", file=sys.stderr)
        return 1
    except UserError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已取消", file=sys.stderr)
        return 130


def _cmd_import(services, args) -> int:
    from app.exchange.workbook_import import import_workbook

    report = import_workbook(services, args.file)
    print(report.summary())
    return 0


def _cmd_export(services, args) -> int:
    from app.exchange.workbook_export import export_workbook

    report = export_workbook(services, args.file)
    print(report.summary())
    return 0


def _cmd_backup(services, args) -> int:
    from app.persistence.backups import MANUAL

    path = services.backups.create(reason=MANUAL, destination=args.to)
    if path is None:
        print(
            "错误：该数据库在数据库服务器上，本程序不为它做文件备份；"
            "请使用服务器自己的备份工具（如 pg_dump）。",
            file=sys.stderr,
        )
        return 1
    print(f"已备份到：{path}")
    return 0


def _cmd_check(args) -> int:
    """Opens the database read-only: a check never writes, creates or migrates.

    A damaged file: the problem on stderr, the backup ``restore --latest`` would
    put in its place on stdout. A sound file in use: how many pages are still
    only in its -wal (a copy of the .sqlite3 alone would lack them)."""
    from app.domain.errors import DatabaseRefused
    from app.paths import AppPaths
    from app.persistence.backups import integrity_problems
    from app.persistence.database import Database

    paths = AppPaths.from_environment()
    target = args.db or str(paths.default_database)
    try:
        db = _with_password(lambda password: Database.open(target, read_only=True, key=password))
    except WrongPassword:
        raise  # not damage: run() says the password is wrong
    except DatabaseDamaged as exc:
        print(f"发现问题：{exc.message}", file=sys.stderr)
        _print_restore_advice(target, exc.message, paths)
        return 3
    except DatabaseRefused as exc:
        print(f"发现问题：{exc.message}", file=sys.stderr)
        return 3
    try:
        problems = integrity_problems(db)
    finally:
        db.close()
    encrypted = db.key is not None
    if problems:
        for line in problems:
            print(f"发现问题：{line}", file=sys.stderr)
        if db.sqlite_file is not None:
            _print_restore_advice(target, problems[0], paths)
        return 3
    print(f"数据库完整性检查通过：{db.display_name}" + ("（已加密）" if encrypted else ""))
    if db.sqlite_file is not None:
        _print_wal_state(db.sqlite_file)
    return 0


def _print_restore_advice(target: str, problem: str, paths) -> None:
    import os

    from app.bootstrap import recovery_for
    from app.persistence.recovery import describe_backup

    recovery = recovery_for(target, problem, paths)
    if recovery is None:
        return
    recovery.key = os.environ.get(PASSWORD_ENV) or None
    newest = recovery.newest_good()
    if newest is None:
        others = recovery.shared_backups()
        print(f"没有找到这个数据库的完好备份（备份文件夹：{recovery.backups_dir}）。")
        if others:
            print(f"共用备份文件夹中有 {len(others)} 个旧备份，可用 restore 备份文件 指定其一。")
        return
    print(f"可以恢复最新的完好备份：{describe_backup(newest)}")
    print(f"  {newest.path}")
    print(
        f"运行「{_program()} restore --latest」恢复它；"
        f"损坏的文件会改名保存为「{recovery.database.name}.damaged-时间」，不会被修改。"
    )


def _print_wal_state(path: Path) -> None:
    from app.persistence.database_file import in_use_elsewhere, wal_state

    state = wal_state(path)
    pending = state.pending if state is not None else 0
    in_use = in_use_elsewhere(path)
    if in_use:
        print("数据库正被另一个程序（例如支部台账窗口）打开。")
    if pending:
        print(
            f"有 {pending} 页修改还只在日志文件（{path.name}-wal）中，尚未写入数据库文件；"
            "程序关闭时会写入。在此之前只复制数据库文件会丢失这些修改。"
        )
    elif in_use:
        print("日志文件中没有尚未写入数据库文件的修改。")


def _cmd_restore(args) -> int:
    """``restore FILE`` / ``restore --latest``: a damaged current file is set
    aside first, a sound one is backed up first; nothing is lost either way."""
    from app.bootstrap import open_services, recovery_for
    from app.paths import AppPaths
    from app.persistence.database_file import in_use_elsewhere
    from app.persistence.recovery import damage_of, describe_backup

    paths = AppPaths.from_environment()
    target = args.db or str(paths.default_database)
    if "://" in target:
        raise UserError("该数据库在数据库服务器上，请用服务器自己的备份工具（如 pg_restore）恢复。")
    path = Path(target).expanduser().resolve()
    if in_use_elsewhere(path):
        raise UserError(
            f"「{path.name}」正被另一个程序（例如支部台账窗口）打开，请先关闭它再恢复。"
        )
    import os

    password = os.environ.get(PASSWORD_ENV) or None
    problem = damage_of(path, password)
    recovery = recovery_for(target, problem or "", paths)
    assert recovery is not None
    recovery.key = password
    if args.latest:
        chosen = recovery.newest_good()
        if chosen is None:
            raise UserError(f"没有找到这个数据库的完好备份（备份文件夹：{recovery.backups_dir}）。")
        backup = chosen.path
        label = describe_backup(chosen)
    else:
        backup = args.file.expanduser()
        if not backup.exists() and (recovery.backups_dir / backup.name).exists():
            backup = recovery.backups_dir / backup.name
        label = str(backup)
    if problem is not None:
        kept = recovery.restore(backup)
        print(f"数据库文件有问题：{problem}")
        print(f"已把它改名保存为：{kept}（未修改）")
    elif path.exists():
        services = open_services(target, auto_backup=False, password=password)
        try:
            safety = services.backups.restore(backup)
        finally:
            services.close()
        print(f"恢复前的数据已备份到：{safety}")
    else:
        recovery.restore(backup)
    print(f"已恢复：{label}")
    print(f"数据库：{path}")
    return 0


def _no_such_report(kind: str) -> int:
    print(f"错误：没有名为「{kind}」的报表；可用：{'、'.join(report_kinds())}", file=sys.stderr)
    return NO_SUCH_REPORT


def _program() -> str:
    """How the user started us, for a command to suggest (main.py or branch-ledger)."""
    name = Path(sys.argv[0]).name
    return name if name.startswith("branch-ledger") else "main.py"


def _cmd_report(services, args) -> int:
    if args.date_from and args.date_to and args.date_from > args.date_to:
        raise UserError("开始日期（--from）不能晚于结束日期（--to）")
    if not services.settings.has_branch_name():
        raise UserError(
            f"{MISSING_BRANCH_NAME}。请先运行：{_program()} settings set 支部名称 <支部名称>"
            "（或在程序窗口的“工具 → 设置…”中填写）"
        )
    kind = report_kinds()[args.kind]
    write = kind.writer_for(args.out)
    if write is None:
        raise UserError(f"{kind.title}只能保存为 PDF（.pdf），不能保存为 Word（.docx）")
    request = ReportRequest(
        date_from=args.date_from,
        date_to=args.date_to,
        year=args.year,
        title=args.title,
        day=args.day,
    )
    path = write(services, request, args.out)
    print(f"报表已保存到：{path}")
    return 0


def _cmd_settings(services, args) -> int:
    """``settings``: every setting and its value; ``settings set 项 值``: change one,
    checked by the same rules as the 设置 dialog."""
    from app.domain.settings import SETTINGS, find_setting, groups, shown

    if args.settings_command == "set":
        setting = find_setting(args.key)
        if setting is None:
            names = "、".join(s.label for s in SETTINGS)
            raise UserError(f"没有名为「{args.key}」的设置；可用：{names}")
        text = " ".join(args.value)
        saved = services.settings.save({setting.key: text})
        print(f"已保存：{setting.label} = {shown(setting, saved[setting.key]) or '（空）'}")
        return 0
    values = services.settings.get_all()
    for group, settings in groups():
        print(f"【{group}】")
        for setting in settings:
            value = shown(setting, values[setting.key]) or "（未设置）"
            print(f"  {setting.label}（{setting.key}）：{value}")
    print(f"修改：{_program()} settings set 项 值（例如 settings set 支部名称 北区分公司党支部）")
    return 0


_COMMANDS = {
    "import": _cmd_import,
    "export": _cmd_export,
    "backup": _cmd_backup,
    "report": _cmd_report,
    "settings": _cmd_settings,
}
