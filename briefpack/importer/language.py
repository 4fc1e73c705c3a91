"""The source's language, from its text (scripts, then the common words of words.py) and from Word's language tags
(``w:lang`` on runs and in the defaults), with the evidence for the report. No statistics library: the twelve
languages the documents can be printed in are told apart by script and by their most frequent words."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .words import LANGUAGES

MIN_WORDS = 20  # fewer, and a few common words decide by chance
SAMPLE = 200_000  # characters looked at: enough to decide, and linear however long the source
SCRIPTS = (("Hang", r"[\uac00-\ud7af\u1100-\u11ff]"), ("Kana", r"[\u3040-\u30ff]"),
           ("Hani", r"[\u4e00-\u9fff\u3400-\u4dbf]"), ("Thai", r"[\u0e00-\u0e7f]"),
           ("Arab", r"[\u0600-\u06ff\u0750-\u077f]"), ("Cyrl", r"[\u0400-\u04ff]"),
           ("Latn", r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]"))
SCRIPT_RES = tuple((name, re.compile(pattern)) for name, pattern in SCRIPTS)
# Characters written one way in simplified and another in traditional Chinese: (simplified, traditional).
SIMPLIFIED = "这为国会对说时们发经动与关现进问题组论际权护贩劳务业实开长议运个学过还没让从见产"
TRADITIONAL = "這為國會對說時們發經動與關現進問題組論際權護販勞務業實開長議運個學過還沒讓從見產"
VIETNAMESE_RE = re.compile(r"[\u1ea0-\u1ef9ơưđĐ]")
WORD_RE = re.compile(r"[^\W\d_]+")
BRITISH_RE = re.compile(r"\b\w+(?:isation|ised|ising|our|ours|ogramme|ogrammes)\b", re.I)
AMERICAN_RE = re.compile(r"\b\w+(?:ization|ized|izing|or|ors|ogram|ograms)\b", re.I)
US_WORDS = {"labor", "program", "organization", "color", "behavior", "center"}
UK_WORDS = {"labour", "programme", "organisation", "colour", "behaviour", "centre"}
WORD_TAG_LANGUAGE = {"zh-tw": "zh-Hant", "zh-hk": "zh-Hant", "zh-mo": "zh-Hant", "zh-hant": "zh-Hant"}


@dataclass(frozen=True)
class Detected:
    key: str | None  # the key in words.LANGUAGES, or None when the text does not tell
    tag: str | None  # the pack's language tag
    evidence: str  # what it was told from, for the report


def detect(text: str, word_tags: Counter[str] | None = None) -> Detected:
    sample = text[:SAMPLE]
    tags = word_tags or Counter()
    key, evidence = _from_text(sample)
    tag_note = _word_tags(tags)
    if key is None and tags:
        key = _key_of_tag(tags.most_common(1)[0][0])
        evidence = "the text is too short to tell"
    if key is None:
        return Detected(None, None, f"{evidence}{tag_note}")
    tag = LANGUAGES[key].tag
    if key == "en":
        tag, spelling = _english(sample, tags)
        evidence += f"; {spelling}"
    return Detected(key, tag, f"{evidence}{tag_note}")


def _from_text(sample: str) -> tuple[str | None, str]:
    counts = {name: len(pattern.findall(sample)) for name, pattern in SCRIPT_RES}
    letters = sum(counts.values())
    if not letters:
        return None, "no letters in the text"
    cjk = counts["Hani"] + counts["Kana"] + counts["Hang"]
    if counts["Hang"] > 0.3 * cjk and counts["Hang"] > 0.2 * letters:
        return "ko", f"Hangul script ({counts['Hang']} of {letters} letters)"
    if counts["Kana"] > 0.1 * cjk and cjk > 0.2 * letters:
        return "ja", f"kana and kanji ({counts['Kana']} kana, {counts['Hani']} kanji of {letters} letters)"
    if counts["Hani"] > 0.2 * letters:
        simplified = sum(sample.count(c) for c in SIMPLIFIED)
        traditional = sum(sample.count(c) for c in TRADITIONAL)
        key = "zh-Hant" if traditional > simplified else "zh-Hans"
        return key, (f"Chinese characters ({counts['Hani']} of {letters} letters; {simplified} simplified and "
                     f"{traditional} traditional forms)")
    for key, script in (("th", "Thai"), ("ar", "Arab"), ("ru", "Cyrl")):
        if counts[script] > 0.3 * letters:
            return key, f"{script} script ({counts[script]} of {letters} letters)"
    return _latin(sample)


def _latin(sample: str) -> tuple[str | None, str]:
    words = [w.lower() for w in WORD_RE.findall(sample)]
    if len(words) < MIN_WORDS:
        return None, f"too few words to tell ({len(words)}; at least {MIN_WORDS} are needed)"
    scores = {key: sum(w in lang.common for w in words) for key, lang in LANGUAGES.items() if lang.common}
    scores["vi"] += len(VIETNAMESE_RE.findall(sample)) // 2
    key, best = max(scores.items(), key=lambda item: item[1])
    if best / len(words) < 0.08:
        return None, f"no language's common words are frequent enough ({best} of {len(words)} words)"
    runner_up = max(score for other, score in scores.items() if other != key)
    return key, f"common words ({best} of {len(words)} words are frequent {key} words; next best {runner_up})"


def _english(sample: str, tags: Counter[str]) -> tuple[str, str]:
    words = re.findall(r"[a-z]+", sample.lower())
    british = len(BRITISH_RE.findall(sample)) + 3 * sum(w in UK_WORDS for w in words)
    american = len(AMERICAN_RE.findall(sample)) + 3 * sum(w in US_WORDS for w in words)
    if british == american:
        english = [t for t in tags if t.lower().startswith("en-")]
        if english:
            return max(english, key=lambda t: tags[t]), "the spelling does not tell; Word's language tag does"
    tag = "en-GB" if british >= american else "en-US"
    return tag, f"spelling: {british} British and {american} American forms"


def _word_tags(tags: Counter[str]) -> str:
    if not tags:
        return ""
    shown = ", ".join(f"{tag} ({count} runs)" for tag, count in tags.most_common(4))
    return f"; Word's language tags: {shown}"


def _key_of_tag(tag: str) -> str | None:
    lowered = tag.lower()
    if lowered in WORD_TAG_LANGUAGE:
        return WORD_TAG_LANGUAGE[lowered]
    primary = lowered.split("-")[0]
    if primary == "zh":
        return "zh-Hans"
    return primary if primary in LANGUAGES else None
