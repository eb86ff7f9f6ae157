"""Fixed colours, so a chart exported today and one exported next week after an import agree.

No colour here depends on which outlets, affiliations or terms a store holds
or a filter keeps: an outlet's colour comes from ``analysis/data/outlets.csv``
where it is listed, else from a hash of its name; every class has its own
fixed colour; term colours depend only on the term's stance class and its rank
among the named terms of one chart (the chart's legend names them).
"""

from __future__ import annotations

import hashlib

from analysis.metadata_detection import listed_outlet_colors
from analysis.outlet_terms import OTHER_TERMS

UNKNOWN_COLOR = "#9e9e9e"

# Outlets not listed in outlets.csv: the name's hash picks one of these. 20 colours that stay apart on white
# and from the grey of "unknown"; two unlisted outlets can share one (1 chance in 20 per pair), which is
# why every outlet a corpus is known to hold should get its own row and colour in outlets.csv.
_HASHED_OUTLET_PALETTE = (
    "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#1f78b4", "#b2df8a", "#fb9a99",
    "#cab2d6", "#6a3d9a", "#b15928", "#01665e", "#8c510a", "#c51b7d", "#4d9221", "#2166ac", "#b35806", "#542788",
)

STANCE_COLORS = {-1: "#c0392b", 0: "#a89f91", 1: "#2471a3"}
VERB_CLASS_COLORS = {"neutral": "#b0b0b0", "endorsing": "#1e8449", "conceding": "#5dade2",
                     "distancing": "#e67e22", "adversarial": "#922b21"}
SPEAKER_TYPE_COLORS = {"person": "#2471a3", "organization": "#76b7e5", "media": "#af7ac5", "document": "#d5d8dc",
                       "anonymous": "#e67e22", "unknown": UNKNOWN_COLOR}
DISTANCING_COLORS = {"scare_quotes": "#e67e22", "so_called": "#c0392b", "hedge": "#8e44ad"}
# One colour per affiliation of analysis/data/actors.csv; "unknown" (the analysis could not tell) is grey.
AFFILIATION_COLORS = {
    "syria_gov": "#c0392b", "russia_gov": "#7b241c", "iran_gov": "#e59866", "syria_opposition": "#27ae60",
    "militant_group": "#145a32", "kurdish": "#f4d03f", "turkey_gov": "#e67e22", "us_gov": "#1f4e9c",
    "other_gov": "#85c1e9", "un": "#17becf", "ngo": "#8e44ad", "media": "#d7bde2", "witness": "#a0522d",
    "other": "#5d6d7e", "unknown": UNKNOWN_COLOR,
}
# Term colours: hue by stance class (reds and oranges delegitimize, warm greys and sand are neutral, blues and
# teals legitimize), then lightness: a class's first term darkest. Two hue families per class keep five terms
# of one class apart; a chart names at most analysis.precomputed.MAX_NAMED_TERMS terms.
_TERM_SHADES = {
    -1: ("#7b1712", "#e8590c", "#c0392b", "#f5a05a", "#ec7063", "#fad7a0"),
    0: ("#5b5040", "#8d8d8d", "#b8a47e", "#bdbdbd", "#e0d3b8", "#e5e5e5"),
    1: ("#0b3c6e", "#0e8a7d", "#2e86c1", "#58c4b6", "#85c1e9", "#b9e8e0"),
}
OTHER_TERMS_COLOR = "#efefef"
# One colour per target of analysis/data/targets.csv; a user's target gets one derived from its name.
TARGET_COLORS = {
    "isis": "#1b1b1b", "al_qaeda": "#7f3b08", "syrian_opposition": "#27ae60", "kurdish_forces": "#e6ab02",
    "pro_government_forces": "#7b241c", "state": "#1f4e9c", "army": "#5dade2", "other": "#5d6d7e",
    "unspecified": UNKNOWN_COLOR,
}


def outlet_color(outlet: str) -> str:
    """The outlet's colour: its row in outlets.csv, else one derived from its name (the same in every store)."""
    listed = listed_outlet_colors()
    if outlet in listed:
        return listed[outlet]
    if outlet.startswith("(") and outlet.endswith(")"):  # "(unknown outlet)"
        return UNKNOWN_COLOR
    return _hashed_color(" ".join(outlet.split()).casefold())


def _hashed_color(name: str) -> str:
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return _HASHED_OUTLET_PALETTE[int.from_bytes(digest[:4], "big") % len(_HASHED_OUTLET_PALETTE)]


def outlet_colors(outlets) -> dict[str, str]:
    return {outlet: outlet_color(outlet) for outlet in outlets}


def affiliation_color(affiliation: str) -> str:
    """Fixed per affiliation; an affiliation not in the table gets a colour derived from its name."""
    if affiliation in AFFILIATION_COLORS:
        return AFFILIATION_COLORS[affiliation]
    return _hashed_color(affiliation)


def affiliation_colors(affiliations) -> dict[str, str]:
    return {affiliation: affiliation_color(affiliation) for affiliation in affiliations}


def target_colors(targets) -> dict[str, str]:
    """Fixed per target, whatever the filter keeps."""
    return {target: TARGET_COLORS.get(target) or _hashed_color(target) for target in targets}


def term_colors(terms: list[str], stance_of: dict[str, int]) -> dict[str, str]:
    """Colours for the named terms of one chart, given in legend order (by stance class, then mentions)."""
    used = {-1: 0, 0: 0, 1: 0}
    colors = {OTHER_TERMS: OTHER_TERMS_COLOR}
    for term in terms:
        if term == OTHER_TERMS:
            continue
        stance = int(stance_of.get(term, 0))
        shades = _TERM_SHADES[stance]
        colors[term] = shades[used[stance] % len(shades)]
        used[stance] += 1
    return colors


def text_color_on(background: str) -> str:
    """Black or white, whichever reads better on ``background`` (a #rrggbb colour)."""
    red, green, blue = (int(background[i:i + 2], 16) for i in (1, 3, 5))
    # Relative luminance, simplified (sRGB weights without the gamma curve), enough to pick black or white.
    return "#111111" if 0.299 * red + 0.587 * green + 0.114 * blue > 140 else "#ffffff"
