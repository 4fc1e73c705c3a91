"""The words the web pages add to the documents' own (skip link, navigation, PDF links), in every built-in
language; a pack's language finds its table as the documents' words do (``languages.built_in_key``)."""

from __future__ import annotations

from ..content.languages import built_in_key

WORDS: dict[str, dict[str, str]] = {
    "en": {"skip": "Skip to the content", "pages": "Pages", "home": "Home", "documents": "Documents",
           "groups": "Working groups", "downloads": "Download as PDF", "pdf_screen": "PDF for reading on screen",
           "pdf_print": "PDF for printing", "back": "Back to the text", "note": "note"},
    "fr": {"skip": "Aller au contenu", "pages": "Pages", "home": "Accueil", "documents": "Documents",
           "groups": "Groupes de travail", "downloads": "Télécharger en PDF", "pdf_screen": "PDF pour l’écran",
           "pdf_print": "PDF pour l’impression", "back": "Retour au texte", "note": "note"},
    "es": {"skip": "Ir al contenido", "pages": "Páginas", "home": "Inicio", "documents": "Documentos",
           "groups": "Grupos de trabajo", "downloads": "Descargar en PDF", "pdf_screen": "PDF para pantalla",
           "pdf_print": "PDF para imprimir", "back": "Volver al texto", "note": "nota"},
    "de": {"skip": "Zum Inhalt springen", "pages": "Seiten", "home": "Startseite", "documents": "Dokumente",
           "groups": "Arbeitsgruppen", "downloads": "Als PDF herunterladen", "pdf_screen": "PDF für den Bildschirm",
           "pdf_print": "PDF für den Druck", "back": "Zurück zum Text", "note": "Anmerkung"},
    "ru": {"skip": "Перейти к содержанию", "pages": "Страницы", "home": "Главная", "documents": "Документы",
           "groups": "Рабочие группы", "downloads": "Скачать в PDF", "pdf_screen": "PDF для экрана",
           "pdf_print": "PDF для печати", "back": "Назад к тексту", "note": "примечание"},
    "zh-Hans": {"skip": "跳到正文", "pages": "页面", "home": "首页", "documents": "文件", "groups": "工作组",
                "downloads": "下载 PDF", "pdf_screen": "屏幕阅读版 PDF", "pdf_print": "印刷版 PDF",
                "back": "返回正文", "note": "注"},
    "zh-Hant": {"skip": "跳到正文", "pages": "頁面", "home": "首頁", "documents": "文件", "groups": "工作小組",
                "downloads": "下載 PDF", "pdf_screen": "螢幕閱讀版 PDF", "pdf_print": "印刷版 PDF",
                "back": "返回正文", "note": "註"},
    "ja": {"skip": "本文へ移動", "pages": "ページ", "home": "ホーム", "documents": "文書",
           "groups": "ワーキンググループ", "downloads": "PDF をダウンロード", "pdf_screen": "画面用 PDF",
           "pdf_print": "印刷用 PDF", "back": "本文に戻る", "note": "注"},
    "ko": {"skip": "본문으로 건너뛰기", "pages": "페이지", "home": "홈", "documents": "문서", "groups": "실무 그룹",
           "downloads": "PDF 다운로드", "pdf_screen": "화면용 PDF", "pdf_print": "인쇄용 PDF",
           "back": "본문으로 돌아가기", "note": "주"},
    "th": {"skip": "ข้ามไปยังเนื้อหา", "pages": "หน้า", "home": "หน้าแรก", "documents": "เอกสาร",
           "groups": "คณะทำงาน", "downloads": "ดาวน์โหลด PDF", "pdf_screen": "PDF สำหรับอ่านบนจอ",
           "pdf_print": "PDF สำหรับพิมพ์", "back": "กลับไปยังเนื้อหา", "note": "เชิงอรรถ"},
    "vi": {"skip": "Chuyển đến nội dung", "pages": "Trang", "home": "Trang chủ", "documents": "Tài liệu",
           "groups": "Các nhóm công tác", "downloads": "Tải về PDF", "pdf_screen": "PDF để đọc trên màn hình",
           "pdf_print": "PDF để in", "back": "Quay lại văn bản", "note": "chú thích"},
    "ar": {"skip": "انتقل إلى المحتوى", "pages": "الصفحات", "home": "الصفحة الرئيسية", "documents": "الوثائق",
           "groups": "الأفرقة العاملة", "downloads": "تنزيل بصيغة PDF", "pdf_screen": "PDF للقراءة على الشاشة",
           "pdf_print": "PDF للطباعة", "back": "العودة إلى النص", "note": "حاشية"},
}


def words(language: str) -> dict[str, str]:
    """The web pages' words in ``language`` (its table, its language's, else English)."""
    return WORDS[built_in_key(language, WORDS)]
