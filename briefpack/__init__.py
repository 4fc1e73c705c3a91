"""briefpack: briefing packs for international seminars, from YAML content to print-ready PDFs."""

__version__ = "0.1.0"
