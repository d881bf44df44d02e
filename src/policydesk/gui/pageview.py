"""The original page beside the text: a PDF page rendered with pypdfium2 into a QImage (off the GUI thread)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QScrollArea, QSizePolicy, QSpinBox, QToolButton,
                               QVBoxLayout, QWidget)

from .ops import run_in_background


def render_page(path: str, page_number: int, width_px: int, password: str | None = None) -> QImage:
    """The core's page image (:func:`policydesk.readers.render.render_page`, pdfium lock held) as a QImage."""
    from ..readers.render import render_page as render
    img = render(path, page_number, width_px, password)
    fmt = QImage.Format.Format_RGBX8888 if img.channels == 4 else QImage.Format.Format_RGB888
    return QImage(img.data, img.width, img.height, img.stride, fmt).copy()


class PageView(QWidget):
    """Page image with 上一页 / 第 n 页 / 下一页; re-renders to the panel's width."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.path: str | None = None
        self.password: str | None = None
        self.pages = 0
        self.page = 0
        self._cache: dict[tuple[int, int], QImage] = {}
        self._pending: tuple[int, int] | None = None
        self.zoom = 1.0                     # page width × zoom (Ctrl+= / Ctrl+- / Ctrl+0 like the text)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 2, 6, 2)
        self.title = QLabel("原文页面")
        self.prev_button = QToolButton(text="上一页")
        self.next_button = QToolButton(text="下一页")
        self.spin = QSpinBox()
        self.spin.setPrefix("第 ")
        self.spin.setSuffix(" 页")
        self.spin.setMinimum(1)
        self.total_label = QLabel()
        for w in (self.title,):
            bar.addWidget(w)
        bar.addStretch(1)
        for w in (self.prev_button, self.spin, self.total_label, self.next_button):
            bar.addWidget(w)
        lay.addLayout(bar)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.StyledPanel)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.image_label = QLabel()
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.image_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.image_label.setStyleSheet("background: #808080;")
        self.scroll.setWidget(self.image_label)
        lay.addWidget(self.scroll, 1)
        self.prev_button.clicked.connect(lambda: self.show_page(self.page - 1))
        self.next_button.clicked.connect(lambda: self.show_page(self.page + 1))
        self.spin.valueChanged.connect(self.show_page)
        self._resize_timer = QTimer(self, singleShot=True, interval=150)
        self._resize_timer.timeout.connect(self._render_current)

    def sizeHint(self) -> QSize:
        return QSize(460, 600)

    def set_pdf(self, path: str | None, pages: int | None, password: str | None = None) -> None:
        self.path, self.password = path, password
        self.pages = int(pages or 0) if path else 0
        self._cache.clear()
        self.page = 0
        self.spin.blockSignals(True)
        self.spin.setMaximum(max(1, self.pages))
        self.spin.blockSignals(False)
        self.total_label.setText(f"/ 共 {self.pages} 页")
        if self.pages:
            self.show_page(1)
        else:
            self.image_label.setText("此格式没有页面图像")

    def show_page(self, number: int | None) -> None:
        if not self.pages or number is None:
            return
        number = max(1, min(self.pages, int(number)))
        if number == self.page and self.image_label.pixmap() is not None and not self.image_label.pixmap().isNull():
            return
        self.page = number
        self.spin.blockSignals(True)
        self.spin.setValue(number)
        self.spin.blockSignals(False)
        self.prev_button.setEnabled(number > 1)
        self.next_button.setEnabled(number < self.pages)
        self._render_current()

    def set_zoom(self, factor: float) -> None:
        """Scale the page image with the text (1.0 = the panel's width)."""
        factor = max(0.5, min(4.0, float(factor)))
        if abs(factor - self.zoom) < 1e-6:
            return
        self.zoom = factor
        self.image_label.setSizePolicy(*(2 * [QSizePolicy.Policy.Ignored if factor <= 1.0
                                              else QSizePolicy.Policy.Fixed]))
        self._render_current()

    def _target_width(self) -> int:
        w = max(200, self.scroll.viewport().width() - 16)
        return int(w * self.zoom * self.devicePixelRatioF())

    def _render_current(self) -> None:
        if not self.pages or not self.path:
            return
        key = (self.page, self._target_width())
        if key in self._cache:
            self._show(self._cache[key])
            return
        if self._pending == key:
            return
        self._pending = key
        path, password = self.path, self.password

        def done(image: QImage, key=key) -> None:
            self._cache[key] = image
            if self._pending == key:
                self._pending = None
            if (self.page, self._target_width()) == key:
                self._show(image)

        def failed(err: BaseException) -> bool:
            self._pending = None
            self.image_label.setText("无法显示该页的图像")
            return True

        run_in_background(self, lambda ctx: render_page(path, key[0], key[1], password), on_done=done,
                          on_error=failed, label="正在显示页面", silent=True)

    def _show(self, image: QImage) -> None:
        pm = QPixmap.fromImage(image)
        pm.setDevicePixelRatio(self.devicePixelRatioF())
        self.image_label.setPixmap(pm)
        if self.zoom > 1.0:
            self.image_label.setFixedSize(pm.deviceIndependentSize().toSize())
        else:
            self.image_label.setMinimumSize(0, 0)
            self.image_label.setMaximumSize(16777215, 16777215)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.pages:
            self._resize_timer.start()

    def current_image_size(self) -> QSize:
        pm = self.image_label.pixmap()
        return pm.size() if pm is not None else QSize()

    def displayed_width(self) -> int:
        """Width of the shown page in device-independent pixels (what the user sees grow when zooming)."""
        pm = self.image_label.pixmap()
        return int(pm.deviceIndependentSize().width()) if pm is not None and not pm.isNull() else 0


def is_pdf(path: str | None) -> bool:
    if not path:
        return False
    try:
        with open(Path(path), "rb") as f:
            return f.read(4) == b"%PDF"
    except OSError:
        return False
