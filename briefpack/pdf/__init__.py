"""pdf/: HTML -> PDF bytes: the WeasyPrint driver and its patches, the rendering engine (warm workers),
imposition, the text layer. WeasyPrint and pikepdf are imported inside functions only (imposition, all pikepdf,
is itself imported only when a booklet is made).
May import: every layer below build/ except participants/."""
