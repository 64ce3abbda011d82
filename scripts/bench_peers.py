#!/usr/bin/env python3
"""One peer library's side of scripts/bench: igraph, graph-tool or NetworkX.

    /usr/bin/python3 scripts/bench_peers.py LIBRARY FILE.csv OUT.json [--no-betweenness]

Builds the bipartite graph exactly as dealgraph does by default (the rules of
scripts/reference/crunchbase_centrality.py: names matched on their key, exact
duplicate pairs once, blank names skipped, placeholder investors left out), then times
each step with the library's own functions, on the same definitions as dealgraph:

  load         CSV read and graph built
  components   connected components of the bipartite graph
  betweenness  exact, unnormalised, each unordered pair once
  pagerank     damping 0.85, unweighted
  projection   the investor co-investment graph, weight = startups in common
  kcore        core numbers of that projection
  louvain      modularity communities of the weighted projection (igraph:
               community_multilevel; NetworkX: louvain_communities, seed 42)
  leiden2      igraph only: community_leiden, modularity, 2 iterations (its default)

Writes seconds per step, the process's peak resident memory after each step, and the
values needed to compare with dealgraph (per-node betweenness and PageRank by key,
component sizes, projection size and weight, the core-number histogram, modularity).
"""
import csv
import json
import resource
import sys
import time

sys.path.insert(0, __file__.rsplit("/", 1)[0] + "/reference")
from crunchbase_centrality import PLACEHOLDERS, key  # noqa: E402

COLUMNS = {"startup": ("startup", "company", "company_name", "organization"),
           "investor": ("investor", "investor_name")}


# igraph's projection took 1.7 GB at 100k generated rows (28k nodes); above this many
# nodes the peers skip the projection steps rather than exhaust a shared machine.
PROJECTION_LIMIT = 100000


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def read_edges(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = csv.reader(f)
        header = [h.strip().lower().replace(" ", "_").replace("-", "_") for h in next(rows)]
        si = next(i for i, h in enumerate(header) if h in COLUMNS["startup"])
        ii = next(i for i, h in enumerate(header) if h in COLUMNS["investor"])
        edges = set()
        for raw in rows:
            if len(raw) != len(header):
                continue
            s, i = key(raw[si]), key(raw[ii])
            if not s or not i or i in PLACEHOLDERS:
                continue
            edges.add(("i:" + i, "s:" + s))
    names = sorted({v for e in edges for v in e})
    return names, sorted(edges)


# A step that takes under SHORT seconds runs REPEATS times and the fastest run counts; its
# values are the first run's. One run of a fifth of a second varies by 20-50% on this VM,
# and scripts/bench times dealgraph's short steps the same way.
SHORT = 1.0
REPEATS = 5


class Timer:
    def __init__(self, out):
        self.out = out

    def step(self, name, fn):
        t = time.perf_counter()
        value = fn()
        best = time.perf_counter() - t
        if best < SHORT:
            for _ in range(REPEATS - 1):
                t = time.perf_counter()
                fn()
                best = min(best, time.perf_counter() - t)
        self.out["seconds"][name] = best
        self.out["peak_mb"][name] = peak_mb()
        return value


def core_histogram(values):
    h = {}
    for c in values:
        h[str(int(c))] = h.get(str(int(c)), 0) + 1
    return h


def run_igraph(path, out, betweenness):
    import igraph as ig
    out["version"] = "python-igraph " + ig.__version__
    t = Timer(out)

    def load():
        names, edges = read_edges(path)
        index = {v: k for k, v in enumerate(names)}
        g = ig.Graph(n=len(names), edges=[(index[a], index[b]) for a, b in edges])
        return names, g
    names, g = t.step("load", load)
    out["nodes"], out["edges"] = g.vcount(), g.ecount()
    comps = t.step("components", lambda: g.connected_components())
    out["components"] = {"count": len(comps), "giant": max(len(c) for c in comps)}
    if betweenness:
        bc = t.step("betweenness", lambda: g.betweenness(directed=False))
        out["betweenness"] = dict(zip(names, bc))
    pr = t.step("pagerank", lambda: g.pagerank(damping=0.85))
    out["pagerank"] = dict(zip(names, pr))
    if g.vcount() > PROJECTION_LIMIT:
        return
    types = [n.startswith("s:") for n in names]

    def projection():
        p, _ = g.bipartite_projection(types=types, multiplicity=True)
        return p
    proj = t.step("projection", projection)
    out["projection"] = {"nodes": proj.vcount(), "ties": proj.ecount(), "weight": sum(proj.es["weight"])}
    cores = t.step("kcore", lambda: proj.coreness())
    out["kcore"] = core_histogram(cores)
    comm = t.step("louvain", lambda: proj.community_multilevel(weights="weight"))
    out["modularity"] = proj.modularity(comm.membership, weights="weight")
    comm = t.step("leiden2", lambda: proj.community_leiden(objective_function="modularity", weights="weight",
                                                             n_iterations=2))
    out["modularity_leiden2"] = proj.modularity(comm.membership, weights="weight")


def run_graph_tool(path, out, betweenness):
    import graph_tool as gt
    import graph_tool.centrality as gc
    import graph_tool.topology as gtop
    out["version"] = "graph-tool " + gt.__version__.split()[0]
    t = Timer(out)

    def load():
        names, edges = read_edges(path)
        index = {v: k for k, v in enumerate(names)}
        g = gt.Graph(directed=False)
        g.add_vertex(len(names))
        g.add_edge_list([(index[a], index[b]) for a, b in edges])
        return names, g
    names, g = t.step("load", load)
    out["nodes"], out["edges"] = g.num_vertices(), g.num_edges()

    def components():
        comp, hist = gtop.label_components(g)
        return hist
    hist = t.step("components", components)
    out["components"] = {"count": len(hist), "giant": int(max(hist))}
    if betweenness:
        vb = t.step("betweenness", lambda: gc.betweenness(g, norm=False)[0])
        # Unnormalised, undirected: each unordered pair once (the middle of a path scores 1).
        out["betweenness"] = {n: float(x) for n, x in zip(names, vb.a)}
    pr = t.step("pagerank", lambda: gc.pagerank(g, damping=0.85, epsilon=1e-10))
    out["pagerank"] = {n: float(x) for n, x in zip(names, pr.a)}
    # graph-tool has no bipartite projection or Louvain: those rows compare with igraph
    # and NetworkX only.


def run_networkx(path, out, betweenness):
    import networkx as nx
    from networkx.algorithms import bipartite
    out["version"] = "networkx " + nx.__version__
    t = Timer(out)

    def load():
        names, edges = read_edges(path)
        g = nx.Graph()
        g.add_nodes_from(names)
        g.add_edges_from(edges)
        return names, g
    names, g = t.step("load", load)
    out["nodes"], out["edges"] = g.number_of_nodes(), g.number_of_edges()
    comps = t.step("components", lambda: [len(c) for c in nx.connected_components(g)])
    out["components"] = {"count": len(comps), "giant": max(comps)}
    if betweenness:
        bc = t.step("betweenness", lambda: nx.betweenness_centrality(g, normalized=False))
        out["betweenness"] = bc
    pr = t.step("pagerank", lambda: nx.pagerank(g, alpha=0.85, tol=1e-10))
    out["pagerank"] = pr
    investors = [n for n in names if n.startswith("i:")]
    proj = t.step("projection", lambda: bipartite.weighted_projected_graph(g, investors))
    out["projection"] = {"nodes": proj.number_of_nodes(), "ties": proj.number_of_edges(),
                         "weight": sum(w for _, _, w in proj.edges(data="weight"))}
    cores = t.step("kcore", lambda: nx.core_number(proj))
    out["kcore"] = core_histogram(cores.values())
    comm = t.step("louvain", lambda: nx.community.louvain_communities(proj, weight="weight", seed=42))
    out["modularity"] = nx.community.modularity(proj, comm, weight="weight")


def main():
    lib, path, dest = sys.argv[1:4]
    betweenness = "--no-betweenness" not in sys.argv
    out = {"library": lib, "seconds": {}, "peak_mb": {}}
    {"igraph": run_igraph, "graph-tool": run_graph_tool, "networkx": run_networkx}[lib](path, out, betweenness)
    with open(dest, "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
