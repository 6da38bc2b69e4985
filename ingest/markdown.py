"""Markdown output shared by the readers."""
from __future__ import annotations


def markdown_table(rows: list[list[str]]) -> str:
    """A Markdown table from rows of cell texts (the first row is the header); "" for no rows.

    >>> print(markdown_table([["Huyện", "Số trẻ"], ["Điện Biên Đông", "45 | 50"], ["Mường Chà"]]))
    | Huyện | Số trẻ |
    | --- | --- |
    | Điện Biên Đông | 45 \\| 50 |
    | Mường Chà |  |
    """
    rows = [[cell.replace("|", "\\|") for cell in row] for row in rows if any(row)]
    if not rows:
        return ""
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows[1:]])
