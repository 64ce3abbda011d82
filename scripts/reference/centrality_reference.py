#!/usr/bin/env python3
"""Reference values for dealgraph's centrality measures and projections, from NetworkX.

Generates seeded random deal fixtures (heavy-tailed investor activity, 1-6 investors per
round, some rounds without an amount, pendant investors, twins and a few separate small
components), writes each as a flat CSV under tests/reference/centrality/, and computes
with NetworkX, on the same definitions as docs/MEASURES.md:

  bipartite graph: degree, betweenness (raw, standard and Borgatti-Everett bipartite
  normalisation), closeness (wf_improved=False), harmonic, eigenvector (largest
  component), pagerank (unweighted; weighted by capital), HITS investor->startup;
  projections (both sides, every weight): the edge list; on the `shared` projection:
  betweenness, closeness, harmonic, pagerank (weighted), eigenvector (weighted), core
  numbers.

Run with Debian's python3-networkx (and scipy for HITS):
  /usr/bin/python3 scripts/reference/centrality_reference.py tests/reference/centrality
CI does not run it: its output is committed.
"""
import csv
import json
import os
import random
import sys

import networkx as nx
from networkx.algorithms import bipartite


def make_deals(seed, n_inv, n_st, n_deals):
    rng = random.Random(seed)
    # Heavy-tailed activity: investor i is picked with weight 1/(i+1)^0.8.
    inv_w = [1.0 / (i + 1) ** 0.8 for i in range(n_inv)]
    deals = []
    for d in range(n_deals):
        st = rng.randrange(n_st)
        k = min(n_inv, 1 + int(rng.expovariate(0.6)))
        k = min(k, 6)
        invs = set()
        while len(invs) < k:
            invs.add(rng.choices(range(n_inv), weights=inv_w)[0])
        amount = None if rng.random() < 0.15 else rng.randrange(1, 500) * 1_000_000
        deals.append((f"d{d:04d}", f"co{st:03d}", sorted(invs), amount))
    # Pendant investors (degree 1) and twins (same neighbour set).
    deals.append(("p0001", "co001", [n_inv + 1], 5_000_000))
    deals.append(("p0002", "co002", [n_inv + 2, n_inv + 3], 8_000_000))
    # A separate small component.
    deals.append(("c0001", f"co{n_st + 1:03d}", [n_inv + 10, n_inv + 11], 3_000_000))
    deals.append(("c0002", f"co{n_st + 2:03d}", [n_inv + 11], None))
    return deals


def write_csv(path, deals):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["deal_id", "startup", "investor", "amount_usd"])
        for did, st, invs, amount in deals:
            for i in invs:
                w.writerow([did, st, f"inv{i:03d}", "" if amount is None else amount])


def build(deals):
    G = nx.Graph()
    rounds, capital = {}, {}
    for did, st, invs, amount in deals:
        share = (amount or 0) / len(invs)
        for i in invs:
            a, b = "i:" + f"inv{i:03d}", "s:" + st
            G.add_node(a, side=0)
            G.add_node(b, side=1)
            G.add_edge(a, b)
            rounds[(a, b)] = rounds.get((a, b), 0) + 1
            capital[(a, b)] = capital.get((a, b), 0.0) + share
    for (a, b), c in capital.items():
        G[a][b]["capital"] = c
        G[a][b]["rounds"] = rounds[(a, b)]
    return G, rounds, capital


def projection(G, deals, side, weight):
    nodes = sorted(v for v, d in G.nodes(data=True) if d["side"] == side)
    pos = {v: k for k, v in enumerate(nodes)}
    deal_sets = {}
    for did, st, invs, amount in deals:
        for i in invs:
            deal_sets.setdefault("i:" + f"inv{i:03d}", set()).add(did)
    out = []
    for a in nodes:
        for b in nodes:
            if pos[b] <= pos[a]:
                continue
            common = set(G[a]) & set(G[b])
            if not common:
                continue
            if weight == "shared":
                w = len(common)
            elif weight == "jaccard":
                w = len(common) / len(set(G[a]) | set(G[b]))
            elif weight == "newman":
                w = sum(1.0 / (G.degree(c) - 1) for c in sorted(common))
            elif weight == "capital":
                w = sum(min(G[a][c]["capital"], G[b][c]["capital"]) for c in sorted(common))
            elif weight == "deals":
                if side == 0:
                    w = len(deal_sets[a] & deal_sets[b])
                else:
                    w = sum(min(G[a][c]["rounds"], G[b][c]["rounds"]) for c in sorted(common))
            if w > 0:
                out.append([a, b, w])
    return out


def largest_component(G):
    comps = sorted(nx.connected_components(G), key=lambda c: (-len(c), min(c)))
    return G.subgraph(comps[0])


def measures(G, weight=None):
    n = G.number_of_nodes()
    res = {
        "betweenness": nx.betweenness_centrality(G, normalized=False),
        "betweenness_standard": nx.betweenness_centrality(G, normalized=True),
        "closeness": nx.closeness_centrality(G, wf_improved=False),
        "harmonic": nx.harmonic_centrality(G),
        "pagerank": nx.pagerank(G, alpha=0.85, tol=1e-15, max_iter=100000, weight=weight),
        "degree": dict(G.degree()),
    }
    if weight:
        res["strength"] = dict(G.degree(weight=weight))
    H = largest_component(G)
    ev = nx.eigenvector_centrality(H, max_iter=100000, tol=1e-15, weight=weight)
    res["eigenvector"] = {v: ev.get(v, 0.0) for v in G}
    return res


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    fixtures = {"random-a": (7, 150, 120, 260), "random-b": (11, 40, 35, 60)}
    for name, (seed, n_inv, n_st, n_deals) in fixtures.items():
        deals = make_deals(seed, n_inv, n_st, n_deals)
        write_csv(os.path.join(out_dir, name + ".csv"), deals)
        G, rounds, capital = build(deals)
        top = [v for v, d in G.nodes(data=True) if d["side"] == 0]
        ref = {"networkx": nx.__version__, "fixture": name + ".csv", "nodes": G.number_of_nodes(),
               "edges": G.number_of_edges()}
        b = measures(G)
        b["betweenness_bipartite"] = bipartite.betweenness_centrality(G, top)
        b["pagerank_capital"] = nx.pagerank(G, alpha=0.85, tol=1e-15, max_iter=100000, weight="capital")
        D = nx.DiGraph()
        D.add_nodes_from(G)
        D.add_edges_from((u, v) if u.startswith("i:") else (v, u) for u, v in G.edges())
        hubs, auths = nx.hits(D, max_iter=100000, tol=1e-14)
        b["hub"], b["authority"] = hubs, auths
        ref["bipartite"] = b
        for side, label in ((0, "investors"), (1, "startups")):
            proj = {}
            for w in ("shared", "deals", "newman", "jaccard", "capital"):
                proj[w] = projection(G, deals, side, w)
            P = nx.Graph()
            P.add_nodes_from(v for v, d in G.nodes(data=True) if d["side"] == side)
            for a, c, w in proj["shared"]:
                P.add_edge(a, c, weight=w)
            m = measures(P, weight="weight")
            m["core"] = nx.core_number(P)
            ref[label] = {"edges": proj, "measures": m}
        with open(os.path.join(out_dir, name + ".json"), "w") as f:
            json.dump(ref, f, sort_keys=True)
            f.write("\n")
        print(name, G.number_of_nodes(), "nodes", G.number_of_edges(), "edges")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "tests/reference/centrality")
