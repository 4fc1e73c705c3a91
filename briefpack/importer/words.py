"""What a concept note says in each built-in language (those of content/languages.py's label sets): the words for
a working group and the cross-cutting questions, for hosting and co-organising, "and", the ordinals, the months
and the shapes of a date range, the notes heading, the document type line, and the common words that tell the
language. Data, one entry per language; the readers and ``structure``/``meta`` only iterate it.

Patterns are regular-expression fragments, matched case-insensitively on text whose digits are ASCII (Arabic-Indic
and other decimal digits are turned into 0-9 first). A date pattern names its parts: ``d1`` (first day), ``m1``
(its month, when it differs), ``d2``, ``m2`` (the month), ``y`` (the year); ``{M}`` stands for the language's months.
"""

from __future__ import annotations

from dataclasses import dataclass

LABEL = r"(?P<label>\d{1,3}|[A-Z]|[IVXLC]{1,6}|[一二三四五六七八九十]{1,3})"
SEP = r"\s*[:：.\-–—]?\s*"


@dataclass(frozen=True)
class Words:
    tag: str  # the pack language tag this language gets
    groups: tuple[str, ...]  # patterns of a group heading, with (?P<label>) and (?P<title>)
    cross_cutting: str  # a pattern found in the heading of the cross-cutting questions
    host: str  # a pattern just before the host's name: "hosted by"
    co_organisers: str  # a pattern just before the co-organisers: "co-organised by", "in partnership with"
    and_: str  # a pattern for "and" between names (with its spaces)
    months: tuple[str, ...]  # twelve patterns, January first; empty when months are numbers (2015年5月)
    dates: tuple[str, ...]  # date range patterns, the most specific first
    ordinal: str  # a pattern of an edition at the start of a title, with (?P<n>)
    notes_heading: str  # a pattern matching a whole "Endnotes" heading
    document_type: str  # a pattern matching a whole "Concept Note" line
    common: frozenset[str] = frozenset()  # frequent short words, for telling Latin-script languages apart
    script: str = "Latn"  # the script its text is written in


def _group(word: str) -> str:
    return rf"^(?:{word})\s+{LABEL}\b{SEP}(?P<title>.*)$"


def _group_before(word: str) -> str:
    """East Asian order: the label first ("第一工作组：", "제1 실무그룹")."""
    return rf"^(?:第|제)?\s*{LABEL}\s*(?:{word}){SEP}(?P<title>.*)$"


EN_MONTHS = ("jan(?:uary|\\.)?", "feb(?:ruary|\\.)?", "mar(?:ch|\\.)?", "apr(?:il|\\.)?", "may", "june?",
             "july?", "aug(?:ust|\\.)?", "sep(?:t(?:ember)?|\\.)?", "oct(?:ober|\\.)?", "nov(?:ember|\\.)?",
             "dec(?:ember|\\.)?")
DASH = r"\s*[-–—~～]\s*"
CJK_DATES = (rf"(?P<y>\d{{4}})\s*年\s*(?P<m1>\d{{1,2}})\s*月\s*(?P<d1>\d{{1,2}})\s*日?(?:{DASH}|\s*(?:至|到|から)\s*)"
             rf"(?:(?P<m2>\d{{1,2}})\s*月\s*)?(?P<d2>\d{{1,2}})\s*日",
             r"(?P<y>\d{4})\s*年\s*(?P<m1>\d{1,2})\s*月\s*(?P<d1>\d{1,2})\s*日")

LANGUAGES: dict[str, Words] = {
    "en": Words(
        "en", (_group(r"(?:working\s+)?group"),),
        r"cross[\s-]*cutting",
        r"\bhosted\s+by\s+(?:the\s+)?",
        r"\b(?:co-?organi[sz]ed|co-?hosted|organi[sz]ed\s+jointly)\s+(?:together\s+)?(?:with|by)\s+(?:the\s+)?"
        r"|\bin\s+(?:partnership|cooperation|collaboration)\s+with\s+(?:the\s+)?",
        r"\s*,?\s+and\s+(?:the\s+)?|\s*&\s*", EN_MONTHS,
        (rf"(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+(?P<m1>{{M}}))?(?:{DASH}|\s+to\s+)(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?"
         rf"\s+(?:of\s+)?(?P<m2>{{M}}),?\s+(?P<y>\d{{4}})",
         rf"(?P<m1>{{M}})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:{DASH}|\s+to\s+)(?:(?P<m2>{{M}})\s+)?(?P<d2>\d{{1,2}})"
         rf"(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})",
         r"(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{M}),?\s+(?P<y>\d{4})"),
        r"^(?P<n>\d{1,3})\^?(?:st|nd|rd|th)\^?\s+", r"(?:end\s*notes|foot\s*notes|notes|references)",
        r"concept\s+(?:note|paper)|background\s+(?:note|paper)",
        frozenset({"the", "and", "of", "to", "in", "is", "are", "that", "for", "with", "on", "which", "as", "by"})),
    "fr": Words(
        "fr", (_group(r"groupe(?:\s+de\s+travail)?|atelier"),),
        r"questions?\s+transversales?|transversal",
        r"\b(?:accueilli|organisé|hébergé)e?s?\s+par\s+(?:l[ae']\s*|les\s+)?",
        r"\ben\s+(?:partenariat|coopération|collaboration)\s+avec\s+(?:l[ae']\s*|les\s+)?"
        r"|\bco-?organisée?s?\s+(?:par|avec)\s+(?:l[ae']\s*|les\s+)?",
        r"\s*,?\s+et\s+(?:l[ae']\s*|les\s+)?",
        ("janvier", "février|fevrier", "mars", "avril", "mai", "juin", "juillet", "août|aout", "septembre",
         "octobre", "novembre", "décembre|decembre"),
        (r"(?:du\s+)?(?P<d1>\d{1,2})(?:er)?(?:\s+(?P<m1>{M}))?(?:\s+au\s+|" + DASH + r")(?P<d2>\d{1,2})(?:er)?\s+"
         r"(?P<m2>{M})\s+(?P<y>\d{4})",
         r"(?:le\s+)?(?P<d1>\d{1,2})(?:er)?\s+(?P<m1>{M})\s+(?P<y>\d{4})"),
        r"^(?P<n>\d{1,3}|[IVXLC]{1,6})\^?(?:e|è|ème|eme|er|re)\^?\s+",
        r"(?:notes(?:\s+de\s+fin)?|références|bibliographie)",
        r"note\s+(?:conceptuelle|de\s+cadrage|d'orientation)|document\s+de\s+réflexion",
        frozenset({"le", "la", "les", "de", "des", "du", "et", "en", "un", "une", "est", "dans", "pour", "par",
                   "sur", "que", "qui", "au", "aux", "avec", "sont", "ce", "cette"})),
    "es": Words(
        "es", (_group(r"grupo(?:\s+de\s+trabajo)?"),),
        r"preguntas?\s+transversales?|transversal",
        r"\b(?:acogid|organizad|auspiciad)[oa]s?\s+por\s+(?:el\s+|la\s+|los\s+|las\s+)?",
        r"\ben\s+(?:colaboración|cooperación|asociación)\s+con\s+(?:el\s+|la\s+|los\s+|las\s+)?"
        r"|\bco-?organizad[oa]s?\s+(?:por|con)\s+(?:el\s+|la\s+|los\s+|las\s+)?",
        r"\s*,?\s+(?:y|e)\s+(?:el\s+|la\s+|los\s+|las\s+)?",
        ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre|setiembre",
         "octubre", "noviembre", "diciembre"),
        (r"(?:del\s+)?(?P<d1>\d{1,2})(?:\s+de\s+(?P<m1>{M}))?(?:\s+al\s+|" + DASH + r")(?P<d2>\d{1,2})\s+de\s+"
         r"(?P<m2>{M})(?:\s+de)?\s+(?P<y>\d{4})",
         r"(?P<d1>\d{1,2})\s+de\s+(?P<m1>{M})(?:\s+de)?\s+(?P<y>\d{4})"),
        r"^(?P<n>\d{1,3}\s*\.?\^?[ºª°oa]\^?|[IVXLC]{2,6})\s+",
        r"(?:notas(?:\s+finales)?|referencias|bibliografía)",
        r"nota\s+(?:conceptual|de\s+concepto)|documento\s+(?:conceptual|de\s+antecedentes)",
        frozenset({"el", "la", "los", "las", "de", "del", "y", "en", "un", "una", "es", "para", "por", "que",
                   "con", "se", "al", "su", "sus", "como"})),
    "de": Words(
        "de", (_group(r"arbeitsgruppe|gruppe"),),
        r"übergreifende\s+fragen|querschnitt",
        r"\b(?:ausgerichtet|veranstaltet|organisiert)\s+(?:von|vom)\s+(?:der\s+|dem\s+|den\s+)?",
        r"\bin\s+(?:zusammenarbeit|partnerschaft|kooperation)\s+mit\s+(?:der\s+|dem\s+|den\s+)?"
        r"|\bmitveranstaltet\s+von\s+(?:der\s+|dem\s+|den\s+)?",
        r"\s*,?\s+und\s+(?:der\s+|dem\s+|den\s+)?",
        ("januar|jänner", "februar", "märz|maerz", "april", "mai", "juni", "juli", "august", "september",
         "oktober", "november", "dezember"),
        (r"(?:vom\s+)?(?P<d1>\d{1,2})\.(?:\s*(?P<m1>{M}))?(?:" + DASH + r"|\s+bis(?:\s+zum)?\s+)(?P<d2>\d{1,2})\.\s*"
         r"(?P<m2>{M})\s+(?P<y>\d{4})",
         r"(?P<d1>\d{1,2})\.\s*(?P<m1>{M})\s+(?P<y>\d{4})"),
        r"^(?P<n>\d{1,3})\.\s+", r"(?:anmerkungen|endnoten|fußnoten|literatur)",
        r"konzept(?:papier|note)?|hintergrundpapier",
        frozenset({"der", "die", "das", "und", "in", "zu", "den", "von", "ist", "mit", "für", "auf", "des", "im",
                   "sich", "nicht", "dem", "eine", "ein", "werden"})),
    "ru": Words(
        "ru", (_group(r"(?:рабочая\s+)?группа"),),
        r"сквозные\s+вопросы|общие\s+вопросы|межсекторальн",
        r"\b(?:при\s+поддержке|принимающ[а-я]+\s+стороной\s+выступает|организатор(?:ом|ы)?\s+выступает)\s+",
        r"\b(?:совместно|в\s+сотрудничестве|в\s+партнерстве|в\s+партнёрстве)\s+с\s+",
        r"\s*,?\s+и\s+",
        ("январ[яь]", "феврал[яь]", "марта?", "апрел[яь]", "ма[яй]", "июн[яь]", "июл[яь]", "августа?",
         "сентябр[яь]", "октябр[яь]", "ноябр[яь]", "декабр[яь]"),
        (r"(?:с\s+)?(?P<d1>\d{1,2})(?:\s+(?P<m1>{M}))?(?:" + DASH + r"|\s+по\s+)(?P<d2>\d{1,2})\s+(?P<m2>{M})\s+"
         r"(?P<y>\d{4})",
         r"(?P<d1>\d{1,2})\s+(?P<m1>{M})\s+(?P<y>\d{4})"),
        r"^(?P<n>\d{1,3})\s*-?(?:й|я|е|ой|ый|ий)\s+", r"(?:примечания|сноски|литература)",
        r"концептуальная\s+записка|концепция",
        frozenset({"и", "в", "не", "на", "с", "что", "по", "для", "к", "как", "из", "о", "от", "это", "а",
                   "или", "за"}), "Cyrl"),
    "zh-Hans": Words(
        "zh-Hans", (_group_before(r"工作组|分组|小组"), _group(r"工作组|分组|小组")),
        r"跨领域|共同问题|交叉问题", r"由\s*", r"(?:联合主办|合办|协办|共同主办)[方单位：:]*\s*|与\s*",
        r"\s*[、和与及]\s*", (), CJK_DATES, r"^第\s*(?P<n>\d{1,3}|[一二三四五六七八九十]{1,3})\s*[届次]\s*",
        r"(?:尾注|脚注|注释|参考文献)", r"概念文件|概念说明|背景文件", script="Hans"),
    "zh-Hant": Words(
        "zh-Hant", (_group_before(r"工作小組|工作組|分組|小組"), _group(r"工作小組|工作組|分組|小組")),
        r"跨領域|共同問題|交叉問題", r"由\s*", r"(?:聯合主辦|合辦|協辦|共同主辦)[方單位：:]*\s*|與\s*",
        r"\s*[、和與及]\s*", (), CJK_DATES, r"^第\s*(?P<n>\d{1,3}|[一二三四五六七八九十]{1,3})\s*[屆次]\s*",
        r"(?:尾註|腳註|註釋|參考文獻)", r"概念文件|概念說明|背景文件", script="Hant"),
    "ja": Words(
        "ja", (_group_before(r"ワーキンググループ|作業部会|分科会"), _group(r"ワーキンググループ|作業部会|分科会")),
        r"分野横断|横断的", r"(?:主催|開催)[：:]\s*", r"(?:共催|共同主催)[：:]?\s*", r"\s*[、及び]\s*|\s*と\s*", (),
        CJK_DATES, r"^第\s*(?P<n>\d{1,3}|[一二三四五六七八九十]{1,3})\s*回\s*", r"(?:注|脚注|文末脚注|参考文献)",
        r"コンセプトノート|趣意書", script="Jpan"),
    "ko": Words(
        "ko", (_group_before(r"실무\s*그룹|분과|워킹\s*그룹"), _group(r"실무\s*그룹|분과|워킹\s*그룹")),
        r"공통\s*질문|범분야", r"주최[：:]?\s*", r"(?:공동\s*주최|공동\s*주관|협력)[：:]?\s*", r"\s*(?:,|및|와|과)\s*",
        (), (r"(?P<y>\d{4})\s*년\s*(?P<m1>\d{1,2})\s*월\s*(?P<d1>\d{1,2})\s*일?(?:" + DASH + r"|\s*부터\s*)"
             r"(?:(?P<m2>\d{1,2})\s*월\s*)?(?P<d2>\d{1,2})\s*일",
             r"(?P<y>\d{4})\s*년\s*(?P<m1>\d{1,2})\s*월\s*(?P<d1>\d{1,2})\s*일"),
        r"^제\s*(?P<n>\d{1,3})\s*(?:차|회)\s*", r"(?:미주|각주|참고\s*문헌)", r"개념\s*문서|컨셉\s*노트",
        script="Kore"),
    "th": Words(
        "th", (_group(r"คณะทำงาน(?:ที่)?|กลุ่มทำงาน(?:ที่)?|กลุ่ม(?:ที่)?"),),
        r"คำถามร่วม|ประเด็นร่วม", r"(?:เจ้าภาพ(?:โดย)?|จัดโดย)\s*", r"(?:ร่วมจัดโดย|ร่วมกับ|โดยความร่วมมือกับ)\s*",
        r"\s*(?:,|และ)\s*",
        ("มกราคม|ม\\.ค\\.", "กุมภาพันธ์|ก\\.พ\\.", "มีนาคม|มี\\.ค\\.", "เมษายน|เม\\.ย\\.", "พฤษภาคม|พ\\.ค\\.",
         "มิถุนายน|มิ\\.ย\\.", "กรกฎาคม|ก\\.ค\\.", "สิงหาคม|ส\\.ค\\.", "กันยายน|ก\\.ย\\.", "ตุลาคม|ต\\.ค\\.",
         "พฤศจิกายน|พ\\.ย\\.", "ธันวาคม|ธ\\.ค\\."),
        (r"(?:วันที่\s*)?(?P<d1>\d{1,2})(?:\s*(?P<m1>{M}))?" + DASH + r"(?P<d2>\d{1,2})\s*(?P<m2>{M})\s*"
         r"(?:พ\.ศ\.|ค\.ศ\.)?\s*(?P<y>\d{4})",
         r"(?:วันที่\s*)?(?P<d1>\d{1,2})\s*(?P<m1>{M})\s*(?:พ\.ศ\.|ค\.ศ\.)?\s*(?P<y>\d{4})"),
        r"^(?:การ\S*\s*)?ครั้งที่\s*(?P<n>\d{1,3})\s*", r"(?:เชิงอรรถ|อ้างอิง|บรรณานุกรม)",
        r"เอกสารแนวคิด|กรอบแนวคิด", script="Thai"),
    "vi": Words(
        "vi", (_group(r"nhóm(?:\s+công\s+tác|\s+làm\s+việc)?"),),
        r"câu\s+hỏi\s+(?:xuyên\s+suốt|chung)|xuyên\s+suốt",
        r"\b(?:do|được)\s+(?:\S+\s+){0,2}?(?:chủ\s+trì|đăng\s+cai)(?:\s+bởi)?\s+"
        r"|\bchủ\s+trì\s+bởi\s+|\bđăng\s+cai\s+bởi\s+",
        r"\b(?:phối\s+hợp\s+với|đồng\s+tổ\s+chức\s+(?:bởi|với)?|hợp\s+tác\s+với)\s*",
        r"\s*,?\s+và\s+", (),
        (r"(?:từ\s+)?(?:ngày\s+)?(?P<d1>\d{1,2})(?:/(?P<m1>\d{1,2}))?(?:" + DASH + r"|\s+đến\s+(?:ngày\s+)?)"
         r"(?P<d2>\d{1,2})(?:/|\s+tháng\s+)(?P<m2>\d{1,2})(?:/|\s+năm\s+)(?P<y>\d{4})",
         r"ngày\s+(?P<d1>\d{1,2})(?:/|\s+tháng\s+)(?P<m1>\d{1,2})(?:/|\s+năm\s+)(?P<y>\d{4})"),
        r"^(?:hội\s+thảo\s+)?(?:lần\s+thứ\s+)(?P<n>\d{1,3})\s*", r"(?:chú\s+thích|ghi\s+chú|tài\s+liệu\s+tham\s+khảo)",
        r"tài\s+liệu\s+khái\s+niệm|ghi\s+chú\s+khái\s+niệm",
        frozenset({"và", "của", "các", "những", "được", "trong", "là", "cho", "với", "này", "có", "không", "một",
                   "người", "về", "để", "đã", "từ"})),
    "ar": Words(
        "ar", (_group(r"الفريق\s+العامل|فريق\s+العمل|مجموعة\s+العمل|المجموعة"),),
        r"الأسئلة\s+الشاملة|المسائل\s+الشاملة|الشاملة", r"(?:تستضيفها?|يستضيفها?|بضيافة|باستضافة)\s+",
        r"(?:بالتعاون\s+مع|بالشراكة\s+مع|وتشارك\s+في\s+تنظيمها?)\s+", r"\s*(?:،|,)?\s+و\s*",
        ("يناير|كانون\\s+الثاني", "فبراير|شباط", "مارس|آذار", "أبريل|إبريل|نيسان", "مايو|أيار", "يونيو|حزيران",
         "يوليو|تموز", "أغسطس|آب", "سبتمبر|أيلول", "أكتوبر|تشرين\\s+الأول", "نوفمبر|تشرين\\s+الثاني",
         "ديسمبر|كانون\\s+الأول"),
        (r"(?:من\s+)?(?P<d1>\d{1,2})(?:\s+(?P<m1>{M}))?(?:" + DASH + r"|\s+(?:إلى|الى|حتى)\s+)(?P<d2>\d{1,2})\s+"
         r"(?P<m2>{M})\s+(?P<y>\d{4})",
         r"(?P<d1>\d{1,2})\s+(?P<m1>{M})\s+(?P<y>\d{4})"),
        r"^(?:ال)?ـ?(?P<n>\d{1,3})\s+", r"(?:الحواشي|الهوامش|الملاحظات|المراجع)",
        r"مذكرة\s+مفاهيمية|المذكرة\s+المفاهيمية",
        script="Arab"),
}
TEXT_LANGUAGES = tuple(LANGUAGES)
