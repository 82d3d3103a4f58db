"""评诺: the rating of one pledge (优秀/合格/基本合格/不合格), a comment and the
day; the status follows the rating (不合格: 未完成, otherwise 已完成) and can
still be changed. 清除评议 takes a rating back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPlainTextEdit, QPushButton, QWidget

from app.domain.pledge_models import PledgeRating, PledgeStatus
from app.domain.pledge_rules import MAX_NOTE, rating_error, status_after_rating
from app.services.pledges import PledgeDetails
from app.ui.forms.form_dialog import FormDialog, SaveCallback
from app.ui.widgets.date_field import DateField
from app.ui.widgets.enum_combo import EnumCombo


class RatingValues(NamedTuple):
    rating: PledgeRating | None
    comment: str
    rated_on: dt.date | None
    status: PledgeStatus | None


class PledgeRatingForm(FormDialog):
    def __init__(
        self,
        pledge: PledgeDetails,
        parent: QWidget | None = None,
        *,
        save: SaveCallback | None = None,
        clear: Callable[[], bool] | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent, self.tr("评诺"), save)
        self._today = today
        self._clear = clear
        self.about = QLabel(
            self.tr("{name} · {year} 年度：{text}").format(
                name=pledge.person_name, year=pledge.year, text=pledge.line.text
            )
        )
        self.about.setObjectName("pledgeAbout")
        self.about.setWordWrap(True)
        self.layout().insertWidget(1, self.about)

        self.rating = EnumCombo(PledgeRating, none_label=self.tr("（请选择）"))
        self.status = EnumCombo(PledgeStatus)
        self.rated_on = DateField(label=self.tr("评议日期"))
        self.comment = QPlainTextEdit()
        self.comment.setTabChangesFocus(True)
        self.comment.setFixedHeight(72)
        self.comment.setPlaceholderText(self.tr("评语，例如 超额完成宽带新增目标，群众评价好"))
        self.add_field("rating", self.tr("评议结果"), self.rating, 0, 0, required=True)
        self.add_field("status", self.tr("状态"), self.status, 0, 1)
        self.add_field("rated_on", self.tr("评议日期"), self.rated_on, 1, 0)
        self.add_field("comment", self.tr("评语"), self.comment, 2, 0, span=2)
        for column in (1, 4):
            self.grid.setColumnStretch(column, 1)
            self.grid.setColumnMinimumWidth(column, 190)
        for key in ("rating", "rated_on", "comment"):
            self.watch(key, self.fields[key])

        self.clear_button = QPushButton(self.tr("清除评议"))
        self.clear_button.setObjectName("dangerButton")
        self.clear_button.setAutoDefault(False)
        self.clear_button.clicked.connect(self.clear_rating)
        self.buttons.addButton(self.clear_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.clear_button.setVisible(pledge.rating is not None and clear is not None)

        self.rating.set_member(pledge.rating)
        self.status.set_member(pledge.line.status)
        self.rated_on.set_date(pledge.rated_on or today())
        self.comment.setPlainText(pledge.rating_comment)
        # a rating chosen sets the status it usually means (the user may change it after)
        self.rating.currentIndexChanged.connect(self._rating_chosen)
        self.setMinimumWidth(560)
        # Made the dialog's main default now that it is in the dialog (FormDialog set it
        # before): otherwise a click on 保存 that fails leaves no default, and Enter does nothing.
        self.save_button.setDefault(False)
        self.save_button.setDefault(True)
        self.rating.setFocus()

    def _rating_chosen(self, _index: int) -> None:
        rating = self.rating.current_member()
        if rating is not None:
            self.status.set_member(status_after_rating(rating))

    def clear_rating(self) -> None:
        if self._clear is not None and self._clear():
            self.done(self.DialogCode.Accepted)

    def values(self) -> RatingValues:
        return RatingValues(
            self.rating.current_member(),
            self.comment.toPlainText(),
            self.rated_on.date(),
            self.status.current_member(),
        )

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if message := self.rated_on.error():
            errors["rated_on"] = message
        values = self.values()
        for key, message in rating_error(
            values.rating, values.comment, values.rated_on, self._today()
        ).items():
            errors.setdefault(key, message)
        if len(values.comment) > MAX_NOTE:
            errors.setdefault("comment", self.tr("评语不能超过 {n} 个字").format(n=MAX_NOTE))
        return errors
