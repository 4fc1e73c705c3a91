"""Languages: BCP 47 tags checked against the registry (langcodes), writing direction, and the built-in words
every document prints, one set per language. A document kind's own words (its title, the labels only it prints)
are declared by the kind (content/fields.py: KindFields) and reach the reader with the kinds' declarations."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import escape

from .bidi import Direction

DEFAULT_LABELS = {
    "page": "Page",
    "of": "of",
    "contents": "Contents",
    "cited_in": "Cited in",
    "not_cited": "Not cited",
    "question": "question",
    "working_group": "Working Group",
    "guiding_questions": "Guiding questions",
    "cross_cutting_questions": "Cross-cutting questions",
    "notes_for_questions": "Notes cited in these questions",
    "participants_notes": "Notes",
    "back_to_text": "back to the text",
    "qr_code": "QR code",
    "co_organisers": "Co-organised with",
    "draft": "Draft",
    "version": "Version",
    "no_changes": "No changes",
    "since": "Since",
    "renumbered": "Notes renumbered",
    "participants": "participants",
    "documents": "Documents",
    "copies": "Copies",
    "name": "Name",
    "organisation": "Organisation",
    "role": "Role",
    "signature": "Signature",
}



# Syntax first (langcodes also accepts 'en_GB' and bare names); then the registry decides.
TAG_SYNTAX = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")
RTL_SCRIPTS = frozenset({"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg", "Mand", "Samr"})

LABEL_SETS: dict[str, dict[str, str]] = {
    "en": DEFAULT_LABELS,
    "fr": {"page": "Page", "of": "sur", "contents": "Sommaire", "cited_in": "Cité dans",
           "not_cited": "Non cité", "question": "question", "working_group": "Groupe de travail",
           "guiding_questions": "Questions directrices", "cross_cutting_questions": "Questions transversales",
           "notes_for_questions": "Notes citées dans ces questions", "participants_notes": "Notes personnelles",
           "back_to_text": "retour au texte", "qr_code": "Code QR"},
    "es": {"page": "Página", "of": "de", "contents": "Índice", "cited_in": "Citada en",
           "not_cited": "No citada", "question": "pregunta", "working_group": "Grupo de trabajo",
           "guiding_questions": "Preguntas orientadoras", "cross_cutting_questions": "Preguntas transversales",
           "notes_for_questions": "Notas citadas en estas preguntas", "participants_notes": "Apuntes",
           "back_to_text": "volver al texto", "qr_code": "Código QR"},
    "de": {"page": "Seite", "of": "von", "contents": "Inhalt", "cited_in": "Zitiert in",
           "not_cited": "Nicht zitiert", "question": "Frage", "working_group": "Arbeitsgruppe",
           "guiding_questions": "Leitfragen", "cross_cutting_questions": "Übergreifende Fragen",
           "notes_for_questions": "In diesen Fragen zitierte Anmerkungen", "participants_notes": "Notizen",
           "back_to_text": "zurück zum Text", "qr_code": "QR-Code"},
    "ru": {"page": "Страница", "of": "из", "contents": "Содержание",
           "cited_in": "Цитируется в", "not_cited": "Не цитируется", "question": "вопрос",
           "working_group": "Рабочая группа", "guiding_questions": "Основные вопросы",
           "cross_cutting_questions": "Сквозные вопросы", "notes_for_questions": "Примечания к этим вопросам",
           "participants_notes": "Заметки", "back_to_text": "назад к тексту", "qr_code": "QR-код"},
    "zh-Hans": {"page": "页码", "of": "/", "contents": "目录", "cited_in": "引用于",
                "not_cited": "未被引用", "question": "问题", "working_group": "工作组",
                "guiding_questions": "指导性问题", "cross_cutting_questions": "跨领域问题",
                "notes_for_questions": "这些问题引用的尾注", "participants_notes": "笔记",
                "back_to_text": "返回正文", "qr_code": "二维码"},
    "zh-Hant": {"page": "頁碼", "of": "/", "contents": "目錄", "cited_in": "引用於",
                "not_cited": "未被引用", "question": "問題", "working_group": "工作小組",
                "guiding_questions": "指導性問題", "cross_cutting_questions": "跨領域問題",
                "notes_for_questions": "這些問題引用的尾註", "participants_notes": "筆記",
                "back_to_text": "返回正文", "qr_code": "QR 碼"},
    "ja": {"page": "ページ", "of": "/", "contents": "目次", "cited_in": "引用箇所",
           "not_cited": "引用なし", "question": "質問", "working_group": "ワーキンググループ",
           "guiding_questions": "主な質問", "cross_cutting_questions": "分野横断的な質問",
           "notes_for_questions": "これらの質問で引用された注", "participants_notes": "メモ",
           "back_to_text": "本文に戻る", "qr_code": "QRコード"},
    "ko": {"page": "페이지", "of": "/", "contents": "목차", "cited_in": "인용 위치",
           "not_cited": "인용되지 않음", "question": "질문", "working_group": "실무 그룹",
           "guiding_questions": "주요 질문", "cross_cutting_questions": "공통 질문",
           "notes_for_questions": "이 질문에 인용된 미주", "participants_notes": "메모",
           "back_to_text": "본문으로 돌아가기", "qr_code": "QR 코드"},
    "th": {"page": "หน้า", "of": "จาก", "contents": "สารบัญ", "cited_in": "อ้างถึงใน",
           "not_cited": "ไม่ได้อ้างถึง", "question": "คำถาม", "working_group": "คณะทำงาน",
           "guiding_questions": "คำถามหลัก", "cross_cutting_questions": "คำถามร่วม",
           "notes_for_questions": "เชิงอรรถที่อ้างถึงในคำถามเหล่านี้", "participants_notes": "บันทึก",
           "back_to_text": "กลับไปที่เนื้อหา", "qr_code": "คิวอาร์โค้ด"},
    "vi": {"page": "Trang", "of": "/", "contents": "Mục lục",
           "cited_in": "Được trích dẫn trong", "not_cited": "Không được trích dẫn", "question": "câu hỏi",
           "working_group": "Nhóm công tác", "guiding_questions": "Câu hỏi định hướng",
           "cross_cutting_questions": "Câu hỏi xuyên suốt",
           "notes_for_questions": "Chú thích được trích dẫn trong các câu hỏi này", "participants_notes": "Ghi chép",
           "back_to_text": "quay lại văn bản", "qr_code": "Mã QR"},
    "ar": {"page": "صفحة", "of": "من", "contents": "المحتويات", "cited_in": "ورد في",
           "not_cited": "غير مستشهد بها", "question": "السؤال", "working_group": "الفريق العامل",
           "guiding_questions": "الأسئلة التوجيهية", "cross_cutting_questions": "الأسئلة الشاملة",
           "notes_for_questions": "الحواشي المذكورة في هذه الأسئلة", "participants_notes": "ملاحظات",
           "back_to_text": "العودة إلى النص", "qr_code": "رمز QR"},
}

# Labels added with later features (co-organisers on title blocks, revisions), per language.
LATER_LABELS: dict[str, dict[str, str]] = {
    "fr": {"co_organisers": "Coorganisé avec", "draft": "Projet", "version": "Version",
           "no_changes": "Aucune modification", "since": "Depuis", "renumbered": "Notes renumérotées"},
    "es": {"co_organisers": "Coorganizado con", "draft": "Borrador", "version": "Versión",
           "no_changes": "Sin cambios", "since": "Desde", "renumbered": "Notas renumeradas"},
    "de": {"co_organisers": "In Zusammenarbeit mit", "draft": "Entwurf", "version": "Version",
           "no_changes": "Keine Änderungen", "since": "Seit",
           "renumbered": "Neu nummerierte Anmerkungen"},
    "ru": {"co_organisers": "Соорганизаторы:", "draft": "Проект", "version": "Версия",
           "no_changes": "Изменений нет", "since": "С момента", "renumbered": "Перенумерованные примечания"},
    "zh-Hans": {"co_organisers": "联合主办：", "draft": "草稿", "version": "版本",
                "no_changes": "没有修改", "since": "自", "renumbered": "重新编号的注释"},
    "zh-Hant": {"co_organisers": "聯合主辦：", "draft": "草稿", "version": "版本",
                "no_changes": "沒有修改", "since": "自", "renumbered": "重新編號的註釋"},
    "ja": {"co_organisers": "共催：", "draft": "草案", "version": "版", "no_changes": "変更なし",
           "since": "以降", "renumbered": "番号が変わった注"},
    "ko": {"co_organisers": "공동 주최:", "draft": "초안", "version": "버전",
           "no_changes": "변경 사항 없음", "since": "이후", "renumbered": "번호가 바뀐 주석"},
    "th": {"co_organisers": "ร่วมจัดโดย", "draft": "ฉบับร่าง", "version": "ฉบับที่",
           "no_changes": "ไม่มีการเปลี่ยนแปลง", "since": "ตั้งแต่", "renumbered": "เชิงอรรถที่เปลี่ยนหมายเลข"},
    "vi": {"co_organisers": "Đồng tổ chức:", "draft": "Bản nháp", "version": "Phiên bản",
           "no_changes": "Không có thay đổi", "since": "Kể từ", "renumbered": "Chú thích được đánh số lại"},
    "ar": {"co_organisers": "بالتعاون مع", "draft": "مسودة", "version": "الإصدار",
           "no_changes": "لا توجد تغييرات", "since": "منذ", "renumbered": "حواشٍ أعيد ترقيمها"},
}
PARTICIPANT_LABELS: dict[str, tuple[str, ...]] = {  # participants, documents, copies, name, organisation, role,
    #                                                  signature
    "fr": ("participants", "Documents", "Exemplaires", "Nom", "Organisation", "Rôle", "Signature"),
    "es": ("participantes", "Documentos", "Ejemplares", "Nombre", "Organización", "Función", "Firma"),
    "de": ("Teilnehmende", "Unterlagen", "Exemplare", "Name", "Organisation", "Rolle", "Unterschrift"),
    "ru": ("участники", "Документы", "Экземпляры", "Имя", "Организация", "Роль", "Подпись"),
    "zh-Hans": ("参会者", "文件", "份数", "姓名", "机构", "角色", "签名"),
    "zh-Hant": ("與會者", "文件", "份數", "姓名", "機構", "角色", "簽名"),
    "ja": ("参加者", "資料", "部数", "氏名", "所属", "役割", "署名"),
    "ko": ("참가자", "자료", "부수", "이름", "소속", "역할", "서명"),
    "th": ("ผู้เข้าร่วม", "เอกสาร", "จำนวนชุด", "ชื่อ", "หน่วยงาน", "บทบาท", "ลายมือชื่อ"),
    "vi": ("người tham dự", "Tài liệu", "Số bản", "Họ tên", "Tổ chức", "Vai trò", "Chữ ký"),
    "ar": ("المشاركون", "الوثائق", "عدد النسخ", "الاسم", "المنظمة", "الدور", "التوقيع"),
}
PARTICIPANT_KEYS = ("participants", "documents", "copies", "name", "organisation", "role", "signature")
for _language, _texts in PARTICIPANT_LABELS.items():
    LATER_LABELS[_language].update(zip(PARTICIPANT_KEYS, _texts, strict=True))
for _language, _words in LATER_LABELS.items():
    LABEL_SETS[_language] = {**LABEL_SETS[_language], **_words}

# Frequent tags and their scripts, as the registry (langcodes) gives them: a pack in one of these builds without
# loading langcodes' tables (80 ms). tests/test_scripts.py checks every entry against langcodes.
COMMON_TAGS = {
    "en": "Latn", "en-GB": "Latn", "en-US": "Latn", "fr": "Latn", "fr-FR": "Latn", "es": "Latn", "de": "Latn",
    "it": "Latn", "pt": "Latn", "nl": "Latn", "vi": "Latn", "id": "Latn", "ms": "Latn", "ru": "Cyrl",
    "zh-Hans": "Hans", "zh-Hant": "Hant", "zh-CN": "Hans", "zh-TW": "Hant", "ja": "Jpan", "ko": "Kore",
    "th": "Thai", "ar": "Arab", "fa": "Arab", "ur": "Arab", "he": "Hebr", "hi": "Deva",
}


def tag_problem(tag: str) -> str | None:
    """Why ``tag`` is not a valid BCP 47 language tag, or None when it is."""
    expected = "expected a BCP 47 language tag such as 'en-GB', 'fr', 'zh-Hans', 'ar'"
    if tag in COMMON_TAGS:
        return None
    if not TAG_SYNTAX.match(tag):
        return f"language '{tag}' is not a language tag ({expected})"
    import langcodes  # its data tables take 20 ms to load: only when a tag is checked

    if not langcodes.tag_is_valid(tag):
        return f"language '{tag}' is not a registered language ({expected})"
    return None


def _maximized(tag: str) -> Any:
    import langcodes

    return langcodes.Language.get(tag).maximize()


def script(tag: str) -> str:
    """The ISO 15924 script a language is written in, unless the tag says otherwise: 'zh-TW' -> 'Hant'."""
    if tag in COMMON_TAGS:
        return COMMON_TAGS[tag]
    return _maximized(tag).script or "Latn"


def direction(tag: str) -> Direction:
    """'rtl' for languages written right to left (Arabic, Persian, Urdu, Hebrew, ...), else 'ltr'."""
    return "rtl" if tag and script(tag) in RTL_SCRIPTS else "ltr"


def built_in_key(tag: str, table: Mapping[str, object]) -> str:
    """The key of ``table`` for a language: the tag, its language with its script ('zh-TW' -> 'zh-Hant'), its
    language alone, else English (every table has it)."""
    if tag in COMMON_TAGS:
        primary = tag.split("-")[0]
    else:
        import langcodes

        primary = langcodes.Language.get(tag).language or ""
    candidates = [tag, f"{primary}-{script(tag)}", primary]
    return next((key for key in candidates if key in table), "en")


def labels_for(tag: str) -> dict[str, str]:
    return dict(LABEL_SETS[built_in_key(tag, LABEL_SETS)])


@dataclass(frozen=True)
class Punctuation:
    """The separators a language prints between the parts of a list the documents make ("Cited in: A, question
    2; B"): Arabic and Persian have their own comma and semicolon."""

    comma: str = ", "
    semicolon: str = "; "


PUNCTUATION = {"en": Punctuation(), "ar": Punctuation("، ", "؛ "), "fa": Punctuation("، ", "؛ "),
               "ur": Punctuation("، ", "؛ ")}


def punctuation(tag: str) -> Punctuation:
    return PUNCTUATION[built_in_key(tag, PUNCTUATION)]


# --- passages in another language: [湄公河]{lang=zh-Hans} -------------------------------------------------------

SPAN_EXPECTED = "expected [text]{lang=TAG}, e.g. [湄公河]{lang=zh-Hans}"


def span_problems(attrs: Mapping[str, object]) -> list[str]:
    """What is wrong with the attributes of a bracketed span: only a valid ``lang`` is allowed."""
    problems = [f"unknown attribute '{name}' on a span ({SPAN_EXPECTED})" for name in attrs if name != "lang"]
    if "lang" not in attrs:
        problems.append(f"a span without a language ({SPAN_EXPECTED})")
    elif problem := tag_problem(str(attrs["lang"])):
        problems.append(problem)
    return problems


def span_open(attrs: Mapping[str, object]) -> str:
    """The HTML of a span's start: its language, and its direction isolated from the text around it."""
    tag = str(attrs.get("lang", ""))
    if not tag or tag_problem(tag):
        return "<span>"
    return f'<span lang="{escape(tag)}" dir="{direction(tag)}">'
