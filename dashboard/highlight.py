"""The article reader's markup: the clean text with its evidence highlighted.

Every piece of article text and metadata goes through :func:`html.escape`
(titles in ``title`` attributes too), so an article can never inject markup.
Overlapping spans (a loaded term inside a quotation) are rendered by cutting
the text at every span boundary and wrapping each piece in the spans that
cover it, which always yields well-nested HTML.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

STANCE_NAMES = {-1: "delegitimizing", 0: "neutral", 1: "legitimizing"}
_TERM_BACKGROUND = {-1: "#f5b7b1", 0: "#e5e7e9", 1: "#aed6f1"}
_STYLES = {
    "content": "border-bottom: 2px solid #58b368; background: #eafaf1;",
    "speaker": "border-bottom: 3px double #7d3c98; font-weight: 600;",
    "distancing": "text-decoration: underline wavy #e67e22; text-decoration-skip-ink: none;",
}
LEGEND = (
    ("loaded term, delegitimizing", f"background: {_TERM_BACKGROUND[-1]};"),
    ("loaded term, neutral", f"background: {_TERM_BACKGROUND[0]};"),
    ("loaded term, legitimizing", f"background: {_TERM_BACKGROUND[1]};"),
    ("speaker", _STYLES["speaker"]),
    ("attributed content", _STYLES["content"]),
    ("distancing marker", _STYLES["distancing"]),
)


@dataclass(frozen=True)
class Highlight:
    """A span of the text to mark: ``style`` (CSS) and ``title`` (hover text, unescaped)."""

    start: int
    end: int
    style: str
    title: str
    layer: int  # outer layers wrap inner ones


def escape_text(text: str) -> str:
    """Text as inert HTML: escaped, newlines as ``<br>`` (a blank line would end an HTML block in Markdown)."""
    return html.escape(text).replace("\r", "").replace("\n", "<br>")


def article_highlights(terms: pd.DataFrame, attributions: pd.DataFrame, distancing: pd.DataFrame
                       ) -> list[Highlight]:
    """The highlights of one article from its rows of the ``terms``, ``attributions`` and ``distancing`` tables."""
    highlights: list[Highlight] = []
    for row in attributions.itertuples():
        verb = f"{row.verb} ({row.verb_class} verb)" if row.verb else "quotation continued, no verb"
        who = f"{row.speaker or 'unnamed speaker'} · {row.speaker_type or 'unknown type'}" \
              f" · affiliation: {row.affiliation or 'unknown'}"
        if row.content_end > row.content_start:
            highlights.append(Highlight(int(row.content_start), int(row.content_end), _STYLES["content"],
                                        f"{row.kind} quote by {who} · {verb}", 0))
        if row.speaker_end > row.speaker_start:
            highlights.append(Highlight(int(row.speaker_start), int(row.speaker_end), _STYLES["speaker"],
                                        f"speaker: {who} · {verb}", 1))
    for row in distancing.itertuples():
        highlights.append(Highlight(int(row.start), int(row.end), _STYLES["distancing"],
                                    f"distancing marker ({str(row.kind).replace('_', ' ')}): {row.marker}", 2))
    for row in terms.itertuples():
        voice = "in a quotation" if row.in_quote else ("distanced" if row.distanced else "outlet's own voice")
        stance = int(row.stance)
        highlights.append(Highlight(int(row.start), int(row.end),
                                    f"background: {_TERM_BACKGROUND.get(stance, '#eee')}; border-radius: 3px;",
                                    f"loaded term “{row.term}” · {str(row.concept).replace('_', ' ')} · "
                                    f"{STANCE_NAMES.get(stance, stance)} · {voice}{_names(row)}", 3))
    return highlights


def _names(term_row: object) -> str:
    """The tooltip's part about whom the term names (absent from result tables stored before targets existed)."""
    target = getattr(term_row, "target", None)
    if not isinstance(target, str):
        return ""
    basis = str(getattr(term_row, "target_basis", "none"))
    if basis == "no_targets":
        return ""
    if target == "unspecified":
        return " · names: no group named"
    return f" · names: {target.replace('_', ' ')} ({_BASIS_WORDS.get(basis, basis.replace('_', ' '))})"


_BASIS_WORDS = {"head": "the name after it", "modifier": "the name before it", "term": "its own words",
                "apposition": "the name it is put beside", "sentence": "nearest name in the sentence",
                "previous_sentence": "name in the previous sentence", "headline": "the headline"}


def highlighted_html(text: str, highlights: list[Highlight]) -> str:
    """``text`` as escaped HTML with every highlight wrapped in a ``<span>`` with its style and hover title."""
    valid = [h for h in highlights if 0 <= h.start < h.end <= len(text)]
    cuts = sorted({0, len(text), *(h.start for h in valid), *(h.end for h in valid)})
    pieces = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        piece = escape_text(text[left:right])
        covering = sorted((h for h in valid if h.start <= left and right <= h.end), key=lambda h: -h.layer)
        for h in covering:  # innermost layer first, so the outer layers wrap it
            piece = f'<span style="{h.style}" title="{html.escape(h.title, quote=True)}">{piece}</span>'
        pieces.append(piece)
    return "".join(pieces)


def legend_html() -> str:
    return " ".join(f'<span style="{style} padding: 0 4px; margin-right: 6px;">{html.escape(label)}</span>'
                    for label, style in LEGEND)
