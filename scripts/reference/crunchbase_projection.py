#!/usr/bin/env python3
"""igraph reference for shortest-path centrality on the Crunchbase 2013 investor projection.

Builds the bipartite graph as scripts/reference/crunchbase_centrality.py does (the rules of
docs/FORMAT.md), projects it onto the investors (two investors are tied when they backed a
startup together; every tie once, weights ignored: hops), then computes with igraph exact
unnormalised betweenness and harmonic centrality. The projection is full of closed twins
(investors who only ever invested together), which dealgraph merges before Brandes runs.

Writes, keyed "i:<name key>", the values of every 20th investor in name order and of the
50 with the highest betweenness, plus node and tie counts, the betweenness sum and the
igraph version, to the path given (default tests/reference/crunchbase_projection.json).
Needs Debian's python3-igraph; takes about a minute. Not run by CI.
"""
import json
import os
import sys
import time

import igraph as ig

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from crunchbase_centrality import PLACEHOLDERS, key  # noqa: E402
import csv  # noqa: E402


def main(src, out):
    rows = list(csv.reader(open(src, encoding="utf-8", newline="")))
    col = {h.strip().lower(): i for i, h in enumerate(rows[0])}
    backers = {}
    investors = set()
    for raw in rows[1:]:
        s, i = key(raw[col["company_name"]]), key(raw[col["investor_name"]])
        if not s or not i or i in PLACEHOLDERS:
            continue
        backers.setdefault(s, set()).add(i)
        investors.add(i)
    names = sorted(investors)
    index = {v: k for k, v in enumerate(names)}
    ties = set()
    for group in backers.values():
        g = sorted(index[i] for i in group)
        for a in range(len(g)):
            for b in range(a + 1, len(g)):
                ties.add((g[a], g[b]))
    g = ig.Graph(n=len(names), edges=sorted(ties))
    t = time.time()
    bc = g.betweenness(directed=False)
    harmonic = g.harmonic_centrality(normalized=False)
    took = time.time() - t
    keep = set(range(0, len(names), 20)) | set(sorted(range(len(names)), key=lambda v: -bc[v])[:50])
    res = {"igraph": ig.__version__, "nodes": g.vcount(), "ties": g.ecount(), "seconds": round(took, 1),
           "betweenness_sum": sum(bc), "betweenness": {}, "harmonic": {}}
    for v in sorted(keep):
        res["betweenness"]["i:" + names[v]] = bc[v]
        res["harmonic"]["i:" + names[v]] = harmonic[v]
    with open(out, "w") as f:
        json.dump(res, f, sort_keys=True, indent=0)
        f.write("\n")
    print("nodes", g.vcount(), "ties", g.ecount(), "seconds", round(took, 1))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "tests/reference/crunchbase_projection.json")
