#!/usr/bin/env python3
"""igraph reference for centrality on the Crunchbase 2013 bipartite graph.

Builds the graph exactly as `dealgraph` does by default (docs/FORMAT.md: names matched
after trimming, collapsing space and ASCII case folding; exact duplicate rows merged;
blank names skipped; placeholder investors left out; investors and startups separate
namespaces), then computes with igraph: betweenness (exact, unnormalised), PageRank
(unweighted, damping 0.85), harmonic centrality and closeness within component.

Writes every node's values keyed "i:<name key>" / "s:<name key>", plus the igraph
version and timings, to the path given (default tests/reference/crunchbase_centrality.json).
Needs Debian's python3-igraph; takes a few minutes. Not run by CI.
"""
import csv
import json
import re
import sys
import time

import igraph as ig

PLACEHOLDERS = {
    "undisclosed", "undisclosed investor", "undisclosed investors", "unknown", "unknown investor",
    "unknown investors", "private investor", "private investors", "business angel", "business angels",
    "angel investor", "angel investors", "angels", "others", "other", "other investors", "n/a", "na",
    "none", "various", "individual investors", "anonymous",
}


def key(name):
    return re.sub(r"[ \t\n\r\f\v]+", " ", name.strip(" \t\n\r\f\v")).translate(
        str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz"))


def main(src, out):
    rows = list(csv.reader(open(src, encoding="utf-8", newline="")))
    col = {h.strip().lower(): i for i, h in enumerate(rows[0])}
    edges = set()
    for raw in rows[1:]:
        s, i = key(raw[col["company_name"]]), key(raw[col["investor_name"]])
        if not s or not i or i in PLACEHOLDERS:
            continue
        edges.add(("i:" + i, "s:" + s))
    names = sorted({v for e in edges for v in e})
    index = {v: k for k, v in enumerate(names)}
    g = ig.Graph(n=len(names), edges=[(index[a], index[b]) for a, b in sorted(edges)])
    t = time.time()
    bc = g.betweenness(directed=False)
    t_bc = time.time() - t
    t = time.time()
    pr = g.pagerank(damping=0.85)
    harmonic = g.harmonic_centrality(normalized=False)
    t_rest = time.time() - t
    res = {"igraph": ig.__version__, "nodes": g.vcount(), "edges": g.ecount(),
           "seconds_betweenness": round(t_bc, 1), "seconds_pagerank_harmonic": round(t_rest, 1),
           "betweenness": {}, "pagerank": {}, "harmonic": {}}
    for v, name in enumerate(names):
        res["betweenness"][name] = bc[v]
        res["pagerank"][name] = pr[v]
        res["harmonic"][name] = harmonic[v]
    with open(out, "w") as f:
        json.dump(res, f, sort_keys=True)
        f.write("\n")
    print("nodes", g.vcount(), "edges", g.ecount(), "betweenness", round(t_bc, 1), "s")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "tests/reference/crunchbase_centrality.json")
