"""Typing as a person does. Chinese comes through an input method, so a test
commits it as an input-method event; ASCII goes through key clicks.
(QTest.keyClicks itself cannot type characters outside ASCII.)"""

from __future__ import annotations

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_text(qtbot, widget: QWidget, text: str) -> None:
    target = widget.focusProxy() or widget
    target.setFocus()
    run = ""
    for char in text:
        if char.isascii():
            run += char
            continue
        if run:
            qtbot.keyClicks(target, run)
            run = ""
        event = QInputMethodEvent()
        event.setCommitString(char)
        QApplication.sendEvent(target, event)
    if run:
        qtbot.keyClicks(target, run)
