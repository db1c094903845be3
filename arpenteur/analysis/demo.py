"""Demo data of the analysis (filled once fieldwork's demo material is available)."""


def load(context: dict, stdout=None) -> None:
    return None
