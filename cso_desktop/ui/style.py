"""The window's style sheet.

Colours come from the palette where they can, so a dark desktop theme stays readable; only
the accent of the figures is fixed.
"""

from __future__ import annotations

STYLE_SHEET = """
QListWidget#navigation {
    border: none;
    border-right: 1px solid palette(mid);
    background: palette(alternate-base);
    outline: 0;
    padding-top: 8px;
}
QListWidget#navigation::item {
    padding: 9px 14px;
    border: none;
    color: palette(text);
}
QListWidget#navigation::item:selected {
    background: palette(highlight);
    color: palette(highlighted-text);
}
QLabel#pageHeading {
    font-size: 16pt;
    font-weight: bold;
}
QLabel#organisationName {
    font-size: 14pt;
    font-weight: bold;
}
QLabel#registerHeading {
    font-size: 11pt;
    font-weight: bold;
    padding-right: 12px;
}
QLabel#fileLabel, QLabel#hintText, QLabel#countLabel {
    color: palette(placeholder-text);
}
QFrame#figureCard, QFrame#hintCard, QFrame#reportCard {
    background: palette(base);
    border: 1px solid palette(mid);
    border-radius: 6px;
}
QFrame#figureCard QLabel, QFrame#hintCard QLabel, QFrame#reportCard QLabel {
    border: none;
    background: transparent;
}
QLabel#figureValue {
    font-size: 20pt;
    font-weight: bold;
    color: #1d5fa8;
}
QLabel#reportTitle {
    font-size: 11pt;
    font-weight: bold;
}
QFrame#reportCard QLabel#notYetBadge, QLabel#demoBadge {
    color: #6b4500;
    background: #fff1cc;
    border-radius: 3px;
    padding: 2px 8px;
}
QLabel#errorLabel {
    color: #b42318;
}
"""
