"""The accent colour on the web pages: as the pack gives it on the light background (the pack reader has
checked it reads on white), and a lighter shade of it on the dark background, checked for the same contrast."""

from __future__ import annotations

MIN_CONTRAST = 4.5  # WCAG 2 AA, normal text
LIGHT_BACKGROUND = "#ffffff"
DARK_BACKGROUND = "#17191e"
DEFAULT_ACCENT = "#1f4f7a"


def _rgb(colour: str) -> tuple[int, int, int]:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#" + "".join(f"{c:02x}" for c in rgb)


def luminance(colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _towards(colour: str, target: str, share: float) -> str:
    rgb, goal = _rgb(colour), _rgb(target)
    mixed = (round(c + (g - c) * share) for c, g in zip(rgb, goal, strict=True))
    r, g, b = mixed
    return _hex((r, g, b))


def readable_on(colour: str, background: str) -> str:
    """``colour``, mixed towards white or black (away from ``background``) in small steps until its contrast
    on ``background`` is at least MIN_CONTRAST."""
    away = "#ffffff" if luminance(background) < 0.5 else "#000000"
    for step in range(21):
        shade = _towards(colour, away, step / 20)
        if contrast(shade, background) >= MIN_CONTRAST:
            return shade
    return away


def accents(accent: str | None) -> tuple[str, str]:
    """(light scheme, dark scheme) accents, each readable on its background."""
    base = accent or DEFAULT_ACCENT
    return readable_on(base, LIGHT_BACKGROUND), readable_on(base, DARK_BACKGROUND)
