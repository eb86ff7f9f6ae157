"""How well lexicon discovery finds the terms a lexicon writer would want.

Usage::

    python evaluation/evaluate_discovery.py            # FA-KES dev recovery, then PolNeAR seeds
    python evaluation/evaluate_discovery.py --json out.json

1. **FA-KES dev, recovery of the bundled lexicon.** For each concept of
   ``analysis/data/lexicon.csv``, the seed is its most mentioned term in the
   FA-KES dev articles; the question is how many of the concept's other terms
   with at least ``--min-mentions`` mentions (counted by the lexicon matcher,
   as the dashboard counts them) are among the seed's top ``--top``
   candidates. A candidate counts as a term when the lexicon matcher reads
   the candidate, as a whole, as that term (so "terrorists" is "terrorist").
   The bundled lexicon was written by hand for these articles before discovery
   existed, and no discovery setting was chosen by looking at this figure.
2. **PolNeAR, seeds with well-known partisan alternatives**: the top
   candidates listed, for reading (no gold exists).

Exit status: 0 after printing, 2 when the shared data is missing.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from collections import Counter
from pathlib import Path

import pandas as pd

PROJECT = Path(__file__).resolve().parents[1]
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

from analysis.corpus_import import ArticleRecord, ImportOptions, read_articles  # noqa: E402
from analysis.lexicon_discovery import build_model, candidates  # noqa: E402
from analysis.loaded_terms import Lexicon, load_lexicon, score_article_terms  # noqa: E402

SHARED = PROJECT.parent / "shared"
FAKES_CSV = SHARED / "data" / "fakes_dev.csv"
POLNEAR = SHARED / "polnear"
# Terms with partisan alternatives in US election coverage (Gentzkow & Shapiro 2010 list phrases of this kind).
POLNEAR_SEEDS = ("illegal immigrants", "illegal aliens", "obamacare", "gun control", "climate change", "abortion")


def _articles(paths: list[Path], options: ImportOptions | None = None) -> pd.DataFrame:
    records = [item for item in read_articles(paths, options=options) if isinstance(item, ArticleRecord)]
    frame = pd.DataFrame({"article_id": [r.article_id for r in records], "outlet": [r.outlet for r in records],
                          "clean_text": [r.clean.text for r in records]})
    return frame.drop_duplicates("article_id")


def _source(frame: pd.DataFrame):
    return lambda: [frame]


def _mentions(frame: pd.DataFrame, lexicon: Lexicon) -> Counter:
    """(concept, term) -> mentions, as the lexicon matcher counts them."""
    counts: Counter = Counter()
    for text in frame["clean_text"]:
        counts.update((match.concept, match.term) for match in score_article_terms(text, lexicon).matches)
    return counts


def _read_as(candidate: str, lexicon: Lexicon) -> str | None:
    """The lexicon term the whole candidate is read as, if any."""
    matches = score_article_terms(candidate, lexicon).matches
    if len(matches) == 1 and matches[0].start == 0 and matches[0].end == len(candidate):
        return matches[0].term
    return None


def fakes_recovery(*, top: int = 20, min_mentions: int = 10) -> tuple[pd.DataFrame, dict]:
    """One row per concept: seed, eligible terms, those found in the top candidates, the fraction."""
    lexicon = load_lexicon()
    frame = _articles([FAKES_CSV])
    mentions = _mentions(frame, lexicon)
    seeds = {}
    for concept in lexicon.concepts:
        counted = {term: n for (c, term), n in mentions.items() if c == concept}
        if counted:
            seeds[concept] = max(counted, key=lambda term: (counted[term], term))
    model = build_model(_source(frame), seeds=list(seeds.values()))
    rows = []
    for concept, seed in seeds.items():
        eligible = sorted(term for (c, term), n in mentions.items()
                          if c == concept and n >= min_mentions and term != seed)
        if model.unit_index(seed) is None:
            found_terms: list[str] = []
            listed: list[str] = []
        else:
            listed = [c.term for c in candidates(model, seed, top=top)]
            read = {_read_as(term, lexicon) for term in listed}
            found_terms = [term for term in eligible if term in read]
        rows.append({"concept": concept, "seed": seed, "seed mentions": mentions[concept, seed],
                     "eligible terms": len(eligible), "found": len(found_terms),
                     "fraction": len(found_terms) / len(eligible) if eligible else float("nan"),
                     "found terms": ", ".join(found_terms),
                     "missed terms": ", ".join(t for t in eligible if t not in found_terms),
                     "top candidates": ", ".join(listed[:10])})
    info = {"articles": model.articles, "tokens": model.tokens, "units": len(model.units),
            "model_seconds": round(model.seconds, 1)}
    return pd.DataFrame(rows), info


def polnear_candidates(*, top: int = 10) -> tuple[pd.DataFrame, dict]:
    frame = _articles([POLNEAR / "text"], ImportOptions(metadata_path=POLNEAR / "metadata.tsv"))
    model = build_model(_source(frame), seeds=list(POLNEAR_SEEDS))
    rows = []
    for seed in POLNEAR_SEEDS:
        row = model.unit_index(seed)
        listed = candidates(model, seed, top=top) if row is not None else []
        rows.append({"seed": seed, "count": int(model.unit_counts[row]) if row is not None else 0,
                     "candidates (cosine)": ", ".join(f"{c.term} ({c.cosine:.2f})" for c in listed)
                     or "too rare for a vector"})
    info = {"articles": model.articles, "tokens": model.tokens, "units": len(model.units),
            "model_seconds": round(model.seconds, 1)}
    return pd.DataFrame(rows), info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--top", type=int, default=20, help="candidates searched for the bundled terms (default 20)")
    parser.add_argument("--min-mentions", type=int, default=10, help="mentions a bundled term needs (default 10)")
    parser.add_argument("--json", type=Path, default=None, help="also write the results as JSON")
    args = parser.parse_args(argv)
    for needed in (FAKES_CSV, POLNEAR):
        if not needed.exists():
            print(f"error: {needed} is missing (the shared data folder beside the repository)", file=sys.stderr)
            return 2
    started = time.perf_counter()
    recovery, fakes_info = fakes_recovery(top=args.top, min_mentions=args.min_mentions)
    polnear, polnear_info = polnear_candidates()
    found, eligible = int(recovery["found"].sum()), int(recovery["eligible terms"].sum())
    print(f"FA-KES dev ({fakes_info['articles']} articles, {fakes_info['tokens']:,} words; model built in "
          f"{fakes_info['model_seconds']} s): bundled terms with >= {args.min_mentions} mentions found among "
          f"the seed's top {args.top} candidates")
    print(recovery.to_string(index=False, max_colwidth=90))
    print(f"all concepts: {found} of {eligible} ({found / max(eligible, 1):.0%}); concepts at or above half: "
          f"{int((recovery['fraction'] >= 0.5).sum())} of {int(recovery['fraction'].notna().sum())}")
    print(f"\nPolNeAR training articles ({polnear_info['articles']} articles, {polnear_info['tokens']:,} words; "
          f"model built in {polnear_info['model_seconds']} s): top 10 candidates")
    print(polnear.to_string(index=False, max_colwidth=200))
    print(f"\n{time.strftime('%Y-%m-%d')} on {platform.node()} ({platform.machine()}, "
          f"{__import__('os').cpu_count()} cores); took {time.perf_counter() - started:.0f} s")
    if args.json:
        args.json.write_text(json.dumps({"fakes": recovery.to_dict("records"), "fakes_info": fakes_info,
                                         "polnear": polnear.to_dict("records"), "polnear_info": polnear_info},
                                        indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
