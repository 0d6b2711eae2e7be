"""Edit ▸ Preferences…: who you are (name and initials, on every annotation you make), how colleagues' tags
look, and how scans are read (OCR). Stored in the platformdirs config folder with the rest of the settings."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

from ...core.project.edits import default_author, initials
from ..appearance import CHOICES
from ..settings import Settings


class Preferences(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferences")
        self.setWindowTitle("Preferences")
        self.settings = settings
        self.name = QLineEdit(settings.author() or default_author())
        self.initials = QLineEdit(settings.initials() or initials(self.name.text()))
        self.initials.setMaxLength(4)
        self.name.textEdited.connect(lambda text: self.initials.setText(initials(text)))
        self.tint = QCheckBox("Tint colleagues' highlights by author")
        self.tint.setChecked(settings.tint_authors())
        self.appearance = QComboBox()
        self.appearance.setAccessibleName("Appearance")
        for key, text in CHOICES.items():
            self.appearance.addItem(text, key)
        self.appearance.setCurrentIndex(self.appearance.findData(settings.appearance()))
        self.ocr_auto = QCheckBox("Read scanned pages by themselves (OCR)")
        self.ocr_auto.setChecked(settings.ocr_auto())
        self.ocr_languages = QLineEdit(settings.ocr_languages())
        self.ocr_languages.setPlaceholderText("each exhibit's languages, else rus+ara+eng")
        self.ocr_languages.setAccessibleName("OCR languages")
        self.doubtful = QCheckBox("Underline words OCR is unsure of")
        self.doubtful.setChecked(settings.underline_doubtful())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Your name (on your annotations):", self.name)
        form.addRow("Initials:", self.initials)
        form.addRow(self.tint)
        form.addRow("&Appearance:", self.appearance)
        form.addRow(self.ocr_auto)
        form.addRow("OCR &languages:", self.ocr_languages)
        form.addRow(self.doubtful)
        form.addRow(buttons)

    def accept(self) -> None:
        self.settings.set_value("user/name", self.name.text().strip())
        self.settings.set_value("user/initials", self.initials.text().strip())
        self.settings.set_value("view/tint_authors", self.tint.isChecked())
        self.settings.set_value("view/appearance", self.appearance.currentData())
        self.settings.set_value("ocr/auto", self.ocr_auto.isChecked())
        self.settings.set_value("ocr/languages", self.ocr_languages.text().strip())
        self.settings.set_value("view/underline_doubtful", self.doubtful.isChecked())
        self.settings.sync()
        super().accept()
