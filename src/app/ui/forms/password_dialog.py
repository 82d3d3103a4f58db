"""工具 → 数据库密码…: set, change or remove the password that encrypts the
database file (SQLCipher; see persistence.database_password). The new
password is typed twice and checked by the same rule as the command line's
(domain.passwords), with the message under the fields."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.passwords import MAX_LENGTH, password_problem


class PasswordDialog(QDialog):
    """The fields and buttons; the window does the work (``open_password_dialog``).
    ``chosen`` is the new password, or None for 取消密码, once accepted."""

    def __init__(self, parent: QWidget | None, encrypted: bool) -> None:
        super().__init__(parent)
        self.encrypted = encrypted
        self.chosen: str | None = None
        self.setWindowTitle(self.tr("数据库密码"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 12)
        self.state = QLabel(
            self.tr("数据库文件已用密码加密。可以修改密码，或取消密码（文件恢复为不加密）。")
            if encrypted
            else self.tr(
                "数据库文件目前没有加密。设置密码后，文件内容会加密保存，"
                "每次打开都需要输入密码；忘记密码将无法打开，请务必记住。"
            )
        )
        self.state.setWordWrap(True)
        layout.addWidget(self.state)
        form = QFormLayout()
        self.new_password = QLineEdit()
        self.new_password.setObjectName("newPassword")
        self.repeated = QLineEdit()
        self.repeated.setObjectName("repeatedPassword")
        for field in (self.new_password, self.repeated):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setMaxLength(MAX_LENGTH)
            field.textChanged.connect(self._clear_error)
        form.addRow(self.tr("新密码："), self.new_password)
        form.addRow(self.tr("再次输入："), self.repeated)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.save_button = QPushButton(self.tr("修改密码") if encrypted else self.tr("设置密码"))
        self.save_button.setDefault(True)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.remove_button = QPushButton(self.tr("取消密码"))
        buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.remove_button.setVisible(encrypted)  # after addButton, which shows it
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("取消"))
        self.save_button.clicked.connect(self._save)
        self.remove_button.clicked.connect(self._remove)
        cancel.clicked.connect(self.reject)
        layout.addWidget(buttons, alignment=Qt.AlignmentFlag.AlignRight)
        self.new_password.setFocus()

    def _clear_error(self) -> None:
        self.error.setVisible(False)

    def _save(self) -> None:
        problem = password_problem(self.new_password.text(), self.repeated.text())
        if problem:
            self.error.setText(self.tr(problem))
            self.error.setVisible(True)
            return
        self.chosen = self.new_password.text()
        self.accept()

    def _remove(self) -> None:
        self.chosen = None
        self.done(self.REMOVE)

    REMOVE = 2  # the dialog's result for 取消密码


def open_password_dialog(window) -> PasswordDialog:
    """Show 数据库密码 for the window's database; on 设置/修改/取消密码 the file
    is rewritten (after a backup) and the window shows the reopened database."""
    services = window.services
    dialog = PasswordDialog(window, services.encrypted)

    def finished(result: int) -> None:
        if result == QDialog.DialogCode.Accepted:
            change(window, dialog.chosen)
        elif result == PasswordDialog.REMOVE:
            if window.prompts.confirm(
                window,
                dialog.tr("取消密码"),
                dialog.tr(
                    "取消密码后，数据库文件将不再加密，任何人拿到文件都能读取其中的内容。确定取消密码吗？"
                ),
                destructive=True,
            ):
                change(window, None)

    dialog.finished.connect(finished)
    dialog.open()
    window.password_dialog = dialog
    return dialog


def change(window, new_password: str | None) -> None:
    """Do it, then show the database as reopened, and what happened."""
    from PySide6.QtWidgets import QApplication

    old = window.services
    window.operations.wait_for_background()  # never close the database under a worker
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        new, result = old.change_password(new_password)
    finally:
        QApplication.restoreOverrideCursor()
    window.replace_services(new)
    old.close()
    tr = window.tr
    if result.problem:
        window.prompts.error(window, tr("数据库密码"), result.problem)
        return
    if new_password is None:
        text = tr("已取消密码，数据库文件不再加密。")
    elif old.encrypted:
        text = tr("已修改数据库密码。之前的备份仍使用原来的密码。")
    else:
        text = tr("已设置数据库密码，数据库文件已加密。之后的备份也会加密。")
    if result.backup is not None:
        text += "\n" + tr("修改前的数据库已备份到：\n{path}").format(path=result.backup)
    if result.plain_backups:
        text += "\n" + tr(
            "注意：备份文件夹中有 {n} 个加密前的备份没有加密，其中仍是可直接读取的内容；"
            "如不需要，请自行妥善处理。"
        ).format(n=result.plain_backups)
    window.prompts.info(window, tr("数据库密码"), text)
