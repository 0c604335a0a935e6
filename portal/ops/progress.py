"""The progress bar of the search rebuild, started once the total is known."""

from portal.search.management.commands.rebuild_search_index import ProgressBar


class Progress:
    def __init__(self, stream, enabled: bool = True):
        self.stream, self.enabled, self.bar = stream, enabled, None

    def start(self, total: int) -> None:
        if self.enabled:
            self.bar = ProgressBar(self.stream, total)

    def __call__(self, step: int = 1) -> None:
        if self.bar:
            self.bar(step)

    def finish(self) -> None:
        if self.bar:
            self.bar.finish()
