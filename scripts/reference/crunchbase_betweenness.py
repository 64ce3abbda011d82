#!/usr/bin/env python3
"""Reduced igraph reference for exact betweenness on the Crunchbase 2013 bipartite graph.

Reads the full output of scripts/reference/crunchbase_centrality.py (every node's igraph
betweenness, keyed "i:<name key>" / "s:<name key>") and keeps the 300 highest nodes
(ties by key), 300 further nodes drawn with Python's random.Random(2013), and the sum
over all nodes, so tests/unit/test_betweenness.cpp can check dealgraph's exact
betweenness against igraph without a 4 MB file in the repository.

    /usr/bin/python3 scripts/reference/crunchbase_centrality.py \\
        ../shared/data/crunchbase-2013/investments.csv /tmp/cb_centrality.json
    /usr/bin/python3 scripts/reference/crunchbase_betweenness.py /tmp/cb_centrality.json
"""
import json
import random
import sys


def main(src, out):
    full = json.load(open(src))
    bc = full["betweenness"]
    ranked = sorted(bc, key=lambda k: (-bc[k], k))
    top = ranked[:300]
    rest = sorted(ranked[300:])
    sample = random.Random(2013).sample(rest, 300)
    keep = sorted(set(top) | set(sample))
    res = {
        "source": "igraph " + full["igraph"] + " Graph.betweenness(directed=False) via "
                  "scripts/reference/crunchbase_centrality.py",
        "nodes": full["nodes"],
        "edges": full["edges"],
        "sum": sum(bc.values()),
        "betweenness": {k: bc[k] for k in keep},
    }
    with open(out, "w") as f:
        json.dump(res, f, sort_keys=True, indent=0)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "tests/reference/crunchbase_betweenness.json")
