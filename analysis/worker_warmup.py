"""Imported once by the fork server of the local worker pool (:func:`analysis.pipeline.analyze_store`).

Workers are forked from that server, so what it loads here -- pandas, the
analysis modules, the lexicon and rules, textstat's pronouncing dictionary
(about 2 s to parse) -- each worker has from its first article instead of
loading it again: two workers on two cores save one load, four save three. The
dashboard keeps the server between runs, so its later runs start warm.
"""

import contextlib

from analysis.pipeline import warm_up

# Only a head start: should it fail, each worker meets and reports the same error on its own articles.
with contextlib.suppress(Exception):
    warm_up()
