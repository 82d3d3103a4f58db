"""Baseline for bench_startup.py: the least a PySide6 app can do to show a
window. QApplication + QMainWindow shown; exits 0 on the first paint."""

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class Window(QMainWindow):
    painted = False

    def paintEvent(self, event):  # noqa: N802 - Qt override
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            QTimer.singleShot(0, QApplication.instance().quit)


def main() -> int:
    app = QApplication(sys.argv)
    window = Window()
    window.setWindowTitle("bare")
    window.resize(1200, 800)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
