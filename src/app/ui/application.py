"""Start the window: Qt application, fonts, Chinese translations, services."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from app import APP_ID, APP_NAME, __version__
from app.domain.errors import DatabaseDamaged, PasswordNeeded, UserError, WrongPassword
from app.ui.input_method import apply_input_method_fallback
from app.ui.prompts import Prompts
from app.ui.remembered import RememberedBranch
from app.ui.resources import RARE_FONT_FILE, font_path, icon_path, translations_dir
from app.ui.single_instance import Claim, InstanceGuard, bring_forward, instance_key
from app.ui.style import stylesheet

if TYPE_CHECKING:
    from app.persistence.recovery import Recovery
    from app.services.registry import Services

BUNDLED_FAMILY = "Droid Sans Fallback"
RARE_FAMILY = "Ledger Rare Han"
UI_POINT_SIZE = 10
# Nicer CJK UI fonts used when the system has them; the bundled font is the
# last resort so Chinese never shows as boxes.
PREFERRED_CJK_FAMILIES = (
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
)

# QTranslator objects must outlive their installation.
_translators: list[QTranslator] = []
_configured: set[int] = set()
# Applications created with Fusion as their style (``-style Fusion``): asking
# for it again would build PySide's QStyle classes before the first paint.
_styled: set[int] = set()
FUSION_ARGUMENTS = ["-style", "Fusion"]


def register_fonts(app: QApplication) -> str | None:
    """Register the bundled CJK font and make it the fallback of the UI font;
    then the rare-character font (Extension B and later), the last resort for
    names no other font has (it is Song style, so it never comes first).

    Returns the CJK family name registered, or None if the file is missing.
    """
    bundled = _add_font(font_path())
    rare = _add_font(font_path(RARE_FONT_FILE))
    available = set(QFontDatabase.families())
    base = QFont(app.font())
    chain = [base.family()]
    chain += [f for f in PREFERRED_CJK_FAMILIES if f in available and f not in chain]
    for family in (bundled, rare):
        if family and family not in chain:
            chain.append(family)
    base.setFamilies(chain)
    base.setPointSize(UI_POINT_SIZE)
    app.setFont(base)
    return bundled


def _add_font(path) -> str | None:
    font_id = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return families[0] if families else None


# Qt's own Chinese (确定, 取消, 是, 否, the file dialog) from PySide6; then ours:
# the Qt strings that catalogue lacks (resources/translations/qt_extra_zh_CN.ts,
# e.g. the file dialog's "&Look in:"), then the app's own, if present.
QT_CATALOGUE = "qtbase_zh_CN"
QT_EXTRA_CATALOGUE = "qt_extra_zh_CN"


def install_translators(app: QApplication) -> list[str]:
    """Qt's own Chinese (确定, 取消, 是, 否), what it lacks, and the app's, if present.

    Returns the translation files loaded.
    """
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    loaded: list[str] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ours = str(translations_dir())
    for name, folders in (
        (QT_CATALOGUE, (qt_dir, ours)),
        (QT_EXTRA_CATALOGUE, (ours,)),
        (f"{APP_ID.lower()}_zh_CN", (qt_dir, ours)),
    ):
        for folder in folders:
            translator = QTranslator(app)
            if translator.load(name, folder):
                app.installTranslator(translator)
                _translators.append(translator)
                loaded.append(f"{folder}/{name}.qm")
                break
    return loaded


def configure_application(app: QApplication) -> None:
    """Fonts, translations, style and icon; safe to call more than once."""
    if id(app) in _configured:
        return
    _configured.add(id(app))
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(icon_path("app-icon.svg"))))
    app.setDesktopFileName("branch-ledger")  # the .desktop entry (Wayland, task bars)
    if id(app) not in _styled:
        app.setStyle("Fusion")  # the same look on Windows, UOS and Kylin
    register_fonts(app)
    install_translators(app)
    app.setStyleSheet(stylesheet())


def _quit_when_rows_painted(window, app: QApplication, then: Callable[[], bool] | None) -> None:
    """Smoke mode, once the database is open: paint the window with its rows
    now, then quit (after ``then()``, whose False makes the exit code 1)."""
    window.repaint()
    ok = then() if then is not None else True
    app.exit(0 if ok else 1)


def smoke_preview(window, prompts: Prompts, pdf: Path) -> bool:
    """Smoke mode with a PDF (the frozen build's test): show it in the report
    preview, check its first page is drawn, and print that page through
    QtPrintSupport to ``<pdf>.printed.pdf``. False, said on stderr, on failure."""
    from PySide6.QtPrintSupport import QPrinter

    from app.ui.pdf_printing import print_pages
    from app.ui.report_preview import ReportPreviewDialog

    try:
        dialog = ReportPreviewDialog(prompts, pdf, "smoke", pdf.name, window)
        dialog.show()
        QApplication.processEvents()
        image = dialog.preview.canvas.page_image(0)
        gray = image.convertToFormat(image.Format.Format_Grayscale8)
        ink = sum(1 for value in bytes(gray.constBits()) if value < 128)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(pdf.with_suffix(".printed.pdf")))
        sheets = print_pages(dialog.preview.pages, printer, [0])
        dialog.reject()
    except Exception as exc:  # noqa: BLE001 - reported as the smoke test's failure
        print(f"预览失败：{exc!r}", file=sys.stderr)
        return False
    print(
        f"预览：第 1 页 {image.width()}×{image.height()}，深色像素 {ink}，打印 {sheets} 页",
        file=sys.stderr,
    )
    return ink > 0 and sheets == 1


def _cannot_open(prompts: Prompts, exc: UserError, smoke: bool) -> None:
    if smoke:  # no one to click 确定 in a smoke test
        print(f"错误：{exc.message}", file=sys.stderr)
    else:
        prompts.error(None, QApplication.translate("Application", "无法打开数据库"), exc.message)


def open_or_recover(
    db_arg: str | None,
    prompts: Prompts,
    open_services: Callable[..., Services],
    *,
    recovery_for: Callable[[str | None, str], Recovery | None] | None = None,
    smoke: bool = False,
) -> Services | None:
    """The database's services; for a damaged or foreign file, what the user
    chose in the recovery dialog (``startup_recovery``). None: nothing to open
    (the user quit, or the refusal was shown)."""
    try:
        try:
            return open_services(db_arg)
        except PasswordNeeded as needed:
            if smoke:
                raise
            services, asked = ask_password_and_open(db_arg, prompts, open_services, needed)
            if asked:
                return services
            raise  # cancelled: the way back of a file that may be damaged
    except DatabaseDamaged as exc:
        recovery = recovery_for(db_arg, exc.message) if recovery_for is not None else None
        if smoke or recovery is None:
            _cannot_open(prompts, exc, smoke)
            return None
        from app.ui.startup_recovery import recover_at_start

        return recover_at_start(prompts, recovery, open_services, db_arg)
    except UserError as exc:
        _cannot_open(prompts, exc, smoke)
        return None


PASSWORD_TRIES = 3


def ask_password_and_open(
    db_arg: str | None,
    prompts: Prompts,
    open_services: Callable[..., Services],
    needed: PasswordNeeded,
) -> tuple[Services | None, bool]:
    """Ask for the password of an encrypted file, up to three times.

    Returns (services, True) once a password opens it; (None, True) after three
    wrong ones (said in a message; the file is not changed); (None, False)
    when the user cancels (the file may be a damaged one, not an encrypted
    one: the caller offers the way back of a damaged file)."""
    title = QApplication.translate("Application", "数据库密码")
    label = needed.message + "\n\n" + QApplication.translate("Application", "请输入数据库密码：")
    for attempt in range(1, PASSWORD_TRIES + 1):
        password = prompts.ask_password(None, title, label)
        if password is None:
            return None, False
        try:
            return open_services(db_arg, password=password), True
        except WrongPassword:
            left = PASSWORD_TRIES - attempt
            label = QApplication.translate(
                "Application", "密码不正确，还可以再试 {left} 次。请输入数据库密码："
            ).format(left=left)
    prompts.error(
        None,
        QApplication.translate("Application", "无法打开数据库"),
        QApplication.translate(
            "Application",
            "数据库密码不正确（已尝试 {n} 次）。数据库文件没有被修改，程序将退出。",
        ).format(n=PASSWORD_TRIES),
    )
    return None, True


def run_application(
    db_arg: str | None,
    *,
    smoke: bool,
    open_services: Callable[[str | None], Services],
    prompts: Prompts | None = None,
    smoke_pdf: Path | None = None,
    recovery_for: Callable[[str | None, str], Recovery | None] | None = None,
    smoke_until: str = "rows",
) -> int:
    """The GUI's entry point (``python main.py [--db X] [--smoke]``).

    ``open_services`` opens the database; the composition root hands it in,
    and ``recovery_for``, the way back from a damaged file (see
    ``startup_recovery``): without it a damaged file is only reported.

    Paint first: the window (menus, navigation, page frames saying 正在打开…,
    the remembered branch name) is shown and painted, and only then is the
    database opened (which imports the database layer) and the pages put in.
    ``--smoke`` quits once the pages' rows have been painted; with
    ``smoke_until="painted"`` at the first paint, before opening anything
    (bench/bench_startup.py measures both)."""
    from app.ui.main_window import MainWindow

    if QApplication.instance() is None:
        apply_input_method_fallback()
    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0] if sys.argv else APP_ID, *FUSION_ARGUMENTS])
        _styled.add(id(app))
    configure_application(app)
    prompts = prompts or Prompts()
    guard, claim, key, config_dir = _claim_database(db_arg)
    if claim is Claim.FORWARDED:
        print(
            QApplication.translate(
                "Application", "这个数据库已在另一个窗口中打开，已切换到该窗口。"
            ),
            file=sys.stderr,
        )
        return 0
    read_only_reason = (
        QApplication.translate("Application", "另一个支部台账窗口正在使用这个数据库")
        if claim is Claim.UNREACHABLE
        else None
    )
    opener = (
        (lambda arg, **options: open_services(arg, read_only_reason=read_only_reason, **options))
        if read_only_reason
        else open_services
    )
    window = MainWindow(
        None,
        prompts,
        title=_database_title(key),
        remembered=RememberedBranch(config_dir, key),
    )
    opened: list[Services] = []

    def open_database() -> None:
        # Answer later starts on this database (they bring this window forward)
        # once the rows are shown, or while a password or recovery dialog
        # waits (its event loop runs this); one that comes sooner retries.
        from PySide6.QtCore import Qt

        guard.activated.connect(lambda: bring_forward(window), Qt.ConnectionType.QueuedConnection)
        QTimer.singleShot(0, guard.listen)
        services = open_or_recover(db_arg, prompts, opener, recovery_for=recovery_for, smoke=smoke)
        if services is None:
            app.exit(1)
            return
        opened.append(services)
        window.attach(services)
        QTimer.singleShot(0, _freeze_what_the_start_made)

    try:
        if smoke and smoke_until == "painted":
            _after_first_paint(window, lambda: app.exit(0))
        else:
            _after_first_paint(window, open_database)
            if smoke:
                then = (
                    (lambda: smoke_preview(window, prompts, Path(smoke_pdf))) if smoke_pdf else None
                )
                window.opened.connect(
                    lambda: QTimer.singleShot(0, lambda: _quit_when_rows_painted(window, app, then))
                )
        window.show()
        code = app.exec()
        window.operations.wait_for_background()  # never close the database under a worker
        window.close()
        window.deleteLater()
        return code
    finally:
        guard.release()
        for services in opened:
            services.close()
        if window.services is not None:  # a restore may have opened the file anew
            window.services.close()


def _after_first_paint(window, then: Callable[[], None]) -> None:
    """Run ``then`` once, right after the window's first paint has been shown."""
    window.first_painted.connect(lambda: QTimer.singleShot(0, then))


def _freeze_what_the_start_made() -> None:
    """Once the rows are shown: collect the start's garbage, then leave the
    ~90,000 objects the imports and the window made out of later garbage
    collections (``gc.freeze``). A full collection over them took 65 ms and
    now and then fell on a keystroke or a page's first show; it now takes
    what was made since. Objects freed later are still freed (reference
    counting); only cycles among these, which a start does not leave, stay."""
    import gc

    gc.collect()
    gc.freeze()


def _database_title(key: str) -> str:
    """The window's title before the database is open: the file's name, or the
    server database's name (never a URL's password)."""
    if "://" in key:
        return key.rsplit("/", 1)[-1].split("?", 1)[0] or key.split("://", 1)[0]
    return Path(key).name


def _claim_database(db_arg: str | None) -> tuple[InstanceGuard, Claim, str, Path]:
    """Is this the first window on the database? (see app.ui.single_instance)
    Also what identifies the database, and the config folder."""
    from app.paths import AppPaths

    paths = AppPaths.from_environment()
    key = instance_key(db_arg, paths.default_database)
    guard = InstanceGuard(key)
    return guard, guard.claim(listen=False), key, paths.config_dir
