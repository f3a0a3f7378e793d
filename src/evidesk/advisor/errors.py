class FactsError(Exception):
    """The facts cannot be planned on; each problem names its field."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{f}: {m}" for f, m in problems))
