"""``briefpack links``: check every URL the pack prints and report dead ones where they are written.

gather (the pack's links, no network) -> checker (httpx) with store (the cache) -> report, archive, fix.
Only ``options`` is light to import; the CLI imports ``run`` inside the command.
May import: content/, text/, kinds/ (never build/: a link check renders nothing)."""
