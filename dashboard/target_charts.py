"""The Loaded language page's stance chart by target: how each outlet names each group a concept's terms name.

The figures come from :func:`dashboard.data.target_stances` (per-article sums from the store, bootstrapped by
:func:`analysis.outlet_terms.mean_stances_from_sums`);
this module only lays them out.
"""

from __future__ import annotations

import streamlit as st

from dashboard import data
from dashboard.charts import dot_interval_chart, outlet_label, show_chart, text_label
from dashboard.colors import target_colors
from dashboard.view import View, concept_label


def target_label(target: str) -> str:
    return target.replace("_", " ")


def target_stance_charts(view: View) -> None:
    """One chart per concept with targets: each outlet's mean stance toward each target, with its interval."""
    if not view.corpus.concepts:
        return
    stances = view.outlet_rows(data.target_stances(view.key, view.base_filter))
    concepts = [view.filters.concept] if view.filters.concept else list(dict.fromkeys(stances["concept"]))
    if stances.empty:
        return
    st.caption("By target: whom the terms name, read from the article (“Daesh terrorists”, “rebel fighters”, the "
               "nearest group named); “unspecified” when it names none. Each outlet's headline stance counts only the "
               "contested targets (analysis/data/README.md, “Targets”). Hollow dots: small sample (under 20 mentions "
               "or 5 articles).")
    for concept in concepts:
        rows = stances[stances["concept"] == concept].sort_values(["outlet", "target"]).copy()
        if rows.empty:
            continue
        targets = list(dict.fromkeys(sorted(rows["target"])))
        colors = target_colors(targets)
        rows["row"] = [f"{o}\u0001{t}" for o, t in zip(rows["outlet"], rows["target"], strict=True)]
        y_labels = {r.row: f"{outlet_label(r.outlet, int(r.mentions), 'mentions', bool(r.small_sample))} · "
                           f"{text_label(target_label(r.target))}" for r in rows.itertuples()}
        figure = dot_interval_chart(rows, y="row", x="stance", low="stance_low", high="stance_high", colors=colors,
                                    color_by="target", y_labels=y_labels, small="small_sample",
                                    x_title="mean stance (−1 delegitimizing … +1 legitimizing)", x_range=(-1.05, 1.05))
        show_chart(figure, rows.drop(columns=["row"]), key=f"target-stance-{concept}",
                   title=f"How outlets name each group among {concept_label(concept)}: mean stance of their own "
                         f"words by target, 95% interval (n = {int(rows['mentions'].sum()):,} mentions)")
