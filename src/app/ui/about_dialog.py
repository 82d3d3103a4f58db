"""帮助 → 关于: the version, where the data and backups live, and the licences of
the bundled fonts and libraries (texts from ``resources/licenses/``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME, __version__
from app.services.registry import Services
from app.ui.prompts import FileOpener, Prompts
from app.ui.resources import resources_dir

NOTICE_FILE = "NOTICE.txt"


@dataclass(frozen=True)
class Component:
    name: str
    licence: str
    file: str
    note: str = ""


def licenses_dir() -> Path:
    return resources_dir() / "licenses"


def components() -> list[Component]:
    """What the installer bundles, with the licence each is used under."""
    from PySide6 import __version__ as pyside_version

    return [
        Component(
            "Droid Sans Fallback 字体",
            "Apache License 2.0",
            "DroidSansFallback-Apache-2.0.txt",
            "界面和 PDF 报表中的中文字体。Copyright © 2006–2010 Google Corp.，"
            "按 Apache License 2.0 授权，允许再分发，也允许嵌入 PDF。",
        ),
        Component(
            "DejaVu Sans 字体",
            "Bitstream Vera 许可证（DejaVu 的修改属公有领域）",
            "DejaVuSans-Bitstream-Vera.txt",
            "PDF 报表中的拉丁字母、数字和标点。允许再分发，也允许嵌入 PDF。",
        ),
        Component(
            f"Qt 6 / PySide6 {pyside_version}",
            "LGPL-3.0",
            "LGPL-3.0.txt",
            "窗口界面库。以未修改的共享库形式随程序分发，可以替换为自行编译的兼容版本；"
            "源代码见 https://download.qt.io/official_releases/ 。",
        ),
        Component("GNU GPL 3.0", "LGPL-3.0 所引用的条款", "GPL-3.0.txt"),
        Component("Python 3.11", "PSF License", "Python-PSF.txt"),
        Component("SQLAlchemy", "MIT", "SQLAlchemy-MIT.txt", "数据库访问。"),
        Component("Alembic", "MIT", "Alembic-MIT.txt", "数据库结构升级。"),
        Component("Mako", "MIT", "Mako-MIT.txt", "Alembic 使用。"),
        Component("MarkupSafe", "BSD-3-Clause", "MarkupSafe-BSD-3-Clause.txt", "Mako 使用。"),
        Component("openpyxl", "MIT", "openpyxl-MIT.txt", "读写 Excel 工作簿。"),
        Component("et_xmlfile", "MIT", "et_xmlfile-MIT.txt", "openpyxl 使用。"),
        Component("ReportLab", "BSD", "reportlab-BSD.txt", "生成 PDF 报表。"),
        Component("Pillow", "MIT-CMU", "Pillow-MIT-CMU.txt", "ReportLab 使用。"),
        Component("pypinyin", "MIT", "pypinyin-MIT.txt", "按拼音首字母查找人员。"),
        Component("platformdirs", "MIT", "platformdirs-MIT.txt", "确定数据文件夹的位置。"),
        Component("defusedxml", "PSF License", "defusedxml-PSF.txt", "安全读取工作簿。"),
        Component("typing_extensions", "PSF License", "typing_extensions-PSF.txt"),
    ]


def licence_text(component: Component) -> str:
    path = licenses_dir() / component.file
    try:
        body = path.read_text(encoding="utf-8")
    except OSError:
        body = f"（未找到许可证文件：{path}）"
    head = f"{component.name}：{component.licence}"
    if component.note:
        head += f"\n{component.note}"
    return f"{head}\n\n{body}"


class AboutDialog(QDialog):
    def __init__(
        self, services: Services, parent: QWidget | None = None, *, opener: FileOpener | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        # the window's prompts open folders (and say so when the system cannot)
        prompts = getattr(parent, "prompts", None)
        self.opener = opener or (prompts.opener if prompts is not None else Prompts().opener)
        self.setWindowTitle(self.tr("关于{name}").format(name=APP_NAME))
        self.resize(720, 560)
        paths = services.paths
        self.components = components()

        heading = QHBoxLayout()
        icon = QLabel()
        icon.setPixmap(self.windowIcon().pixmap(64, 64))
        heading.addWidget(icon)
        self.title_label = QLabel(
            self.tr(
                "<h2>{name} {version}</h2><p>党支部工作台账，离线使用，数据保存在本机。</p>"
            ).format(name=APP_NAME, version=__version__)
        )
        heading.addWidget(self.title_label, 1)

        places = QFormLayout()
        self.data_label = self._path_label(paths.data_dir)
        self.backups_label = self._path_label(paths.backups_dir)
        self.database_label = QLabel(services.database_name)
        self.database_label.setWordWrap(True)
        places.addRow(
            self.tr("数据文件夹："), self._with_open_button(self.data_label, paths.data_dir)
        )
        places.addRow(
            self.tr("备份文件夹："), self._with_open_button(self.backups_label, paths.backups_dir)
        )
        places.addRow(self.tr("当前数据库："), self.database_label)
        places_box = QGroupBox(self.tr("数据保存在哪里"))
        places_box.setLayout(places)
        note = QLabel(
            self.tr("卸载程序不会删除这两个文件夹；换电脑时请复制整个数据文件夹或备份文件。")
        )
        note.setWordWrap(True)
        places.addRow(note)

        self.component_list = QListWidget()
        self.component_list.addItem(self.tr("第三方组件总览"))
        for component in self.components:
            self.component_list.addItem(f"{component.name}（{component.licence}）")
        self.component_list.setMaximumWidth(280)
        self.licence_view = QPlainTextEdit()
        self.licence_view.setReadOnly(True)
        self.licence_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.component_list.currentRowChanged.connect(self._show_licence)
        licences = QHBoxLayout()
        licences.addWidget(self.component_list)
        licences.addWidget(self.licence_view, 1)
        licences_box = QGroupBox(self.tr("字体和程序库的许可证"))
        licences_box.setLayout(licences)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addWidget(places_box)
        layout.addWidget(licences_box, 1)
        layout.addWidget(buttons)
        self.component_list.setCurrentRow(0)

    def _path_label(self, path: Path) -> QLabel:
        label = QLabel(str(path))
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _with_open_button(self, label: QLabel, folder: Path) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label, 1)
        button = QPushButton(self.tr("打开"))
        button.setAutoDefault(False)  # Enter closes the window, it opens no folder
        button.clicked.connect(lambda: self.open_folder(folder))
        layout.addWidget(button)
        return row

    def open_folder(self, folder: Path) -> bool:
        folder.mkdir(parents=True, exist_ok=True)
        return self.opener.open_folder(self, folder)

    def _show_licence(self, row: int) -> None:
        if row <= 0:
            path = licenses_dir() / NOTICE_FILE
            try:
                text = path.read_text(encoding="utf-8")
            except OSError:
                text = f"（未找到：{path}）"
        else:
            text = licence_text(self.components[row - 1])
        self.licence_view.setPlainText(text)
        self.licence_view.moveCursor(self.licence_view.textCursor().MoveOperation.Start)
