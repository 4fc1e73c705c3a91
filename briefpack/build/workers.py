"""Which renders the jobs: an injected renderer, this process, or a pool of warm worker processes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..output import cache
from ..pdf import engine

if TYPE_CHECKING:
    from ..pdf.engine import Backend, Renderer
    from .options import Options


class Workers:
    """Keeps its renderer (or its pool of warm workers) between builds, for watch mode."""

    def __init__(self, renderer: Renderer | None = None):
        self.renderer = renderer  # injected by tests; otherwise made when something needs rendering
        self.backend: Backend | None = None
        self.styles: str | None = None  # the styles digest prestart computed, for the build that follows

    def close(self) -> None:
        if self.backend is not None:
            self.backend.close()
            self.backend = None

    def prestart(self, options: Options) -> None:
        """Start the worker pool now, so that its warm-up overlaps with loading the content."""
        if self.renderer is None and options.jobs > 1 and self.backend is None:
            self.styles = cache.styles_digest(options.paths)
            self.backend = engine.Pool(options.paths, options.jobs, self.styles)

    def take_styles(self, options: Options) -> str:
        """The styles digest, once per build: the one prestart computed, or a new one."""
        styles, self.styles = self.styles or cache.styles_digest(options.paths), None
        return styles

    def for_jobs(self, options: Options, count: int) -> Backend:
        """The backend for ``count`` jobs: the warm pool if it is big enough, a pool of the right size when there
        are several jobs and several workers allowed, else this process."""
        if self.backend is not None and self.backend.paths != options.paths:
            self.close()  # a backend renders with one pack's own templates, styles and assets: not another's
        if isinstance(self.backend, engine.Pool) and count <= self.backend.processes:
            return self.backend  # started early and warm: use it even for fewer jobs
        if self.renderer is None and options.jobs > 1 and count > 1:
            wanted = min(options.jobs, count)
            if not (isinstance(self.backend, engine.Pool) and self.backend.processes == wanted):
                self.close()
                self.backend = engine.Pool(options.paths, wanted)
        elif not isinstance(self.backend, engine.InProcess):
            self.close()
            self.backend = engine.InProcess(options.paths, self.renderer)
        assert self.backend is not None
        return self.backend
