#!/usr/bin/env python3
"""igraph's community detection on fixture graphs, for tests/unit/test_community.cpp.

Writes one JSON file per graph under tests/reference/community/: the graph (node count
and edge list, [a, b] or [a, b, weight]) and, from igraph,

  - multilevel: community_multilevel (Louvain, Blondel et al. 2008), one run per
    seed 0..9 of igraph's random generator; every run's modularity, the best, and the
    best run's membership;
  - leiden: community_leiden(objective_function="modularity", beta=0.01,
    n_iterations=10), the same way. (n_iterations=-1, "until stable", stops early in
    igraph 0.10.2: its best of ten seeds on planted-4x75 is 0.4376, against 0.4516.)

Modularity is igraph's Graph.modularity (Newman-Girvan, resolution 1, weighted when
the graph is). The C++ test reads these graphs from the JSON (so it does not depend on
the generators below), checks its modularity() against igraph's on igraph's
partitions, and compares dealgraph's leiden() over ten seeds with igraph's runs.

Graphs: planted partitions with noise (equal and unequal group sizes), a weighted
planted partition, Zachary's karate club, and, when --projections is given, the
investor co-investment projections written by the C++ test
    DEALGRAPH_DUMP_DIR=DIR build/tests/dealgraph_tests "[community-dump]"
(data/ai-deals.json, and Crunchbase 2013 when ../shared/data is there; the latter is
too large to commit, so only its size and igraph's values are written).

Usage: /usr/bin/python3 scripts/reference/community_reference.py [--projections DIR]
Needs Debian's python3-igraph (apt-get install -y python3-igraph). Not run by CI:
its output is committed.
"""
import argparse
import json
import os
import random

import igraph

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "reference", "community")
SEEDS = range(10)


def planted(sizes, p_in, p_out, seed, weights=None):
    """Groups of the given sizes; pairs linked with probability p_in inside a group,
    p_out across. `weights(rng, inside)` gives an edge's weight (None: unweighted)."""
    rng = random.Random(seed)
    group = [g for g, size in enumerate(sizes) for _ in range(size)]
    edges = []
    for a in range(len(group)):
        for b in range(a + 1, len(group)):
            inside = group[a] == group[b]
            if rng.random() < (p_in if inside else p_out):
                edges.append((a, b) if weights is None else (a, b, weights(rng, inside)))
    return len(group), edges


def karate():
    g = igraph.Graph.Famous("Zachary")
    return g.vcount(), [tuple(sorted(e.tuple)) for e in g.es]


def read_projection(path):
    with open(path, encoding="utf-8") as f:
        n = int(f.readline())
        edges = []
        for line in f:
            a, b, w = line.split()
            w = float(w)
            edges.append((int(a), int(b), int(w) if w.is_integer() else w))
    return n, edges


def run(n, edges, algorithm):
    g = igraph.Graph(n=n, edges=[e[:2] for e in edges])
    weighted = any(len(e) > 2 for e in edges)
    weights = [float(e[2]) for e in edges] if weighted else None
    runs, best, membership = [], None, None
    for seed in SEEDS:
        random.seed(seed)
        if algorithm == "multilevel":
            c = g.community_multilevel(weights=weights)
        else:
            c = g.community_leiden(objective_function="modularity", weights=weights, beta=0.01, n_iterations=10)
        q = g.modularity(c.membership, weights=weights)
        runs.append(q)
        if best is None or q > best:
            best, membership = q, c.membership
    return {"runs": runs, "best": best, "membership": membership}


def dump(doc):
    """JSON with one key per line, lists on one line, and one edge per line."""
    def value(k, v, indent):
        if k == "edges":
            return "[\n" + ",\n".join(indent + "  " + json.dumps(e) for e in v) + "\n" + indent + "]"
        if isinstance(v, dict):
            return "{\n" + ",\n".join(f"{indent}  {json.dumps(kk)}: {value(kk, vv, indent + '  ')}"
                                       for kk, vv in v.items()) + "\n" + indent + "}"
        return json.dumps(v, ensure_ascii=False)
    return value(None, doc, "")


def write(name, description, n, edges, commit_edges=True):
    doc = {
        "name": name,
        "description": description,
        "igraph": igraph.__version__,
        "nodes": n,
        "edge_count": len(edges),
        "total_weight": float(sum(e[2] if len(e) > 2 else 1 for e in edges)),
    }
    ml = run(n, edges, "multilevel")
    ld = run(n, edges, "leiden")
    if not commit_edges:
        del ml["membership"], ld["membership"]
    doc["multilevel"] = ml
    doc["leiden"] = ld
    if commit_edges:
        doc["edges"] = [list(e) for e in edges]
    text = dump(doc)
    with open(os.path.join(OUT, name + ".json"), "w", encoding="utf-8") as f:
        f.write(text + "\n")
    print(f"{name}: {n} nodes, {len(edges)} edges, multilevel {ml['best']:.6f}, leiden {ld['best']:.6f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--projections", help="folder with the projections the C++ test wrote")
    args = parser.parse_args()
    os.makedirs(OUT, exist_ok=True)

    write("planted-4x75", "4 groups of 75, p_in 0.08, p_out 0.01 (seed 1): noisy",
          *planted([75] * 4, 0.08, 0.01, 1))
    write("planted-uneven", "groups of 15, 30, 45, 60, 90 and 120, p_in 0.1, p_out 0.008 (seed 2)",
          *planted([15, 30, 45, 60, 90, 120], 0.1, 0.008, 2))
    write("planted-sparse", "10 groups of 40, p_in 0.06, p_out 0.008 (seed 3): weak structure",
          *planted([40] * 10, 0.06, 0.008, 3))
    write("weighted-6x50", "6 groups of 50, p_in 0.1, p_out 0.03 (seed 4); weights uniform in [1, 5] inside "
          "groups and [0.5, 2] across, rounded to 0.01",
          *planted([50] * 6, 0.1, 0.03, 4,
                   lambda rng, inside: round(rng.uniform(1, 5) if inside else rng.uniform(0.5, 2), 2)))
    write("karate", "Zachary's karate club (igraph Graph.Famous('Zachary'))", *karate())

    if args.projections:
        path = os.path.join(args.projections, "ai-deals-investors.txt")
        write("ai-deals-investors", "investor co-investment projection of data/ai-deals.json "
              "(default graph options, weight = startups in common)", *read_projection(path))
        path = os.path.join(args.projections, "crunchbase-investors.txt")
        if os.path.exists(path):
            write("crunchbase-investors", "investor co-investment projection of Crunchbase 2013 "
                  "(../shared/data/crunchbase-2013/investments.csv, default options); edges not committed",
                  *read_projection(path), commit_edges=False)


if __name__ == "__main__":
    main()
