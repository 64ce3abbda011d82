#!/usr/bin/env python3
"""dealgraph against igraph, graph-tool and NetworkX, step by step: run by scripts/bench.

Each dealgraph step is a run of the built binary (the best of a few, for loading and the
scale table), timed with its peak resident memory by GNU time; the step's own time comes
from the binary's DEALGRAPH_TIMINGS lines (`dealgraph: timing: NAME SECONDS s`), so it
leaves out loading, ranking and writing the output, as the peers' timings do. Each peer runs in its own process
(scripts/bench_peers.py) and times only its library calls, after its own loading step.
Results are compared value by value.
Writes the tables, the machine, versions and date to docs/PERFORMANCE.md.
"""
import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(HERE, "reference"))
from crunchbase_centrality import key  # noqa: E402

PEERS = ["igraph", "graph-tool", "networkx"]


LAST_PHASES = {}


def timed(cmd, timeout=None):
    """Runs cmd under GNU time with DEALGRAPH_TIMINGS set; returns (seconds, peak MB, stdout).
    The phase timings the binary printed are left in LAST_PHASES (name -> summed seconds)."""
    env = dict(os.environ, DEALGRAPH_TIMINGS="1")
    r = subprocess.run(["/usr/bin/time", "-f", "__TIME__ %e %M"] + cmd, capture_output=True, text=True,
                       timeout=timeout, env=env)
    if r.returncode != 0:
        raise RuntimeError("failed: " + " ".join(cmd) + "\n" + r.stderr[-2000:])
    m = re.search(r"__TIME__ ([0-9.]+) ([0-9]+)", r.stderr)
    LAST_PHASES.clear()
    for name, secs in re.findall(r"^dealgraph: timing: (.*) ([0-9.]+) s$", r.stderr, re.M):
        LAST_PHASES[name] = LAST_PHASES.get(name, 0.0) + float(secs)
    return float(m.group(1)), int(m.group(2)) / 1024, r.stdout


# The phase timers that make up each step (see DEALGRAPH_TIMINGS in docs/PERFORMANCE.md).
STEP_PHASES = {"load": ["load", "graph", "components"],
               "betweenness": ["shortest paths (betweenness, closeness, harmonic)"],
               "pagerank": ["pagerank"], "projection": ["projection"], "kcore": ["k-core"],
               "leiden": ["leiden"], "leiden2": ["leiden"], "leiden2ig": ["leiden"]}


def node_values(path, measure):
    d = json.load(open(path))
    return {("i:" if n["side"] == "investor" else "s:") + key(n["name"]): n[measure] for n in d["nodes"]}, d


def dealgraph_steps(bin_, data, work):
    out = {}
    tmp = os.path.join(work, "out.json")

    def run(step, args):
        # A run under SHORT_WHOLE seconds is repeated (REPEATS in all) and the one with the
        # fastest step counts, as the peers' short steps (scripts/bench_peers.py); the peak
        # is the highest of the runs.
        secs, mb, stdout = timed([bin_] + args)
        runs = [(secs, mb, stdout, dict(LAST_PHASES))]
        if secs < SHORT_WHOLE:
            for _ in range(REPEATS - 1):
                secs, mb, stdout = timed([bin_] + args)
                runs.append((secs, mb, stdout, dict(LAST_PHASES)))

        def step_seconds(r):
            net = [r[3][p] for p in STEP_PHASES[step] if p in r[3]]
            return sum(net) if net else r[0]
        secs, _, stdout, phases = min(runs, key=step_seconds)
        net = [phases[p] for p in STEP_PHASES[step] if p in phases]
        out[step] = {"seconds": secs, "peak_mb": max(r[1] for r in runs), "net": sum(net) if net else None,
                     "runs": len(runs)}
        return stdout

    s = json.loads(run("load", ["summary", data, "-q", "--output", "json"]))
    out["load"]["result"] = {"nodes": s["investors"] + s["startups"], "edges": s["edges"],
                             "components": s["components"], "giant": s["giant_component"]}
    # Exact where the peers run exact betweenness too; automatic (sampled) above.
    bc_args = ["--exact"] if out["load"]["result"]["nodes"] <= 50000 else []
    run("betweenness", ["centrality", data, "--measures", "betweenness", "-q", "--output", "json", "-o", tmp]
        + bc_args)
    out["betweenness"]["values"], d = node_values(tmp, "betweenness")
    out["betweenness"]["method"] = d.get("betweenness_method")
    run("pagerank", ["centrality", data, "--measures", "pagerank", "-q", "--output", "json", "-o", tmp])
    out["pagerank"]["values"], _ = node_values(tmp, "pagerank")
    run("projection", ["project", data, "--side", "investors", "-q", "--output", "json", "-o", tmp])
    p = json.load(open(tmp))
    out["projection"]["result"] = {"nodes": p["nodes"], "ties": len(p["edges"]),
                                   "weight": sum(e["weight"] for e in p["edges"])}
    run("kcore", ["clusters", data, "--only", "kcore", "-q", "--output", "json", "-o", tmp])
    hist = {}
    for v in json.load(open(tmp))["kcore"].values():
        hist[str(v)] = hist.get(str(v), 0) + 1
    out["kcore"]["result"] = hist
    # One Leiden run against one Louvain run of the peers.
    run("leiden", ["clusters", data, "--only", "communities", "--runs", "1", "-q", "--output", "json", "-o", tmp])
    out["leiden"]["result"] = json.load(open(tmp))["modularity"]
    # Two iterations, as igraph's Leiden does by default (dealgraph's default: until stable).
    run("leiden2", ["clusters", data, "--only", "communities", "--runs", "1", "--iterations", "2", "-q",
                    "--output", "json", "-o", tmp])
    out["leiden2"]["result"] = json.load(open(tmp))["modularity"]
    out["leiden2ig"] = out["leiden2"]
    return out


def peer(lib, data, work, betweenness, timeout):
    dest = os.path.join(work, lib + ".json")
    args = ["/usr/bin/python3", os.path.join(HERE, "bench_peers.py"), lib, data, dest]
    if not betweenness:
        args.append("--no-betweenness")
    try:
        secs, mb, _ = timed(args, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"timeout": timeout}
    except RuntimeError as e:
        return {"error": str(e)[-300:]}
    r = json.load(open(dest))
    r["process_peak_mb"] = mb
    return r


def worst_rel(a, b):
    worst = 0.0
    for k, x in a.items():
        y = b.get(k)
        if y is None:
            return float("inf")
        worst = max(worst, abs(x - y) / max(abs(y), 1.0))
    return worst


def agree(step, dg, p):
    """Whether a peer's result matches dealgraph's, as a short note."""
    if step == "load":
        r = dg["load"]["result"]
        ok = p.get("nodes") == r["nodes"] and p.get("edges") == r["edges"] and \
            p.get("components", {}).get("count") == r["components"] and \
            p.get("components", {}).get("giant") == r["giant"]
        return "yes" if ok else "NO (%s/%s nodes/edges)" % (p.get("nodes"), p.get("edges"))
    if step == "betweenness":
        if "betweenness" not in p:
            return None
        e = worst_rel(dg["betweenness"]["values"], p["betweenness"])
        return ("yes" if e < 1e-9 else "NO") + " (max rel. err. %.1e)" % e
    if step == "pagerank":
        e = max(abs(v - p["pagerank"].get(k, float("inf"))) for k, v in dg["pagerank"]["values"].items())
        return ("yes" if e < 1e-6 else "NO") + " (max abs. diff. %.1e)" % e
    if step == "projection":
        if "projection" not in p:
            return None
        r = dg["projection"]["result"]
        ok = p["projection"]["ties"] == r["ties"] and abs(p["projection"]["weight"] - r["weight"]) < 1e-6
        return "yes" if ok else "NO (%d ties)" % p["projection"]["ties"]
    if step == "kcore":
        if "kcore" not in p:
            return None
        return "yes" if p["kcore"] == dg["kcore"]["result"] else "NO"
    if step in ("leiden", "leiden2", "leiden2ig"):
        field = "modularity_leiden2" if step == "leiden2ig" else "modularity"
        if field not in p:
            return None
        q, pq = dg[step]["result"], p[field]
        return ("yes" if q >= pq - 1e-9 else "NO") + " (Q %.4f vs %.4f)" % (q, pq)
    return None


PEER_STEP = {"load": ["load", "components"], "betweenness": ["betweenness"], "pagerank": ["pagerank"],
             "projection": ["projection"], "kcore": ["kcore"], "leiden": ["louvain"],
             "leiden2": ["louvain"], "leiden2ig": ["leiden2"]}
STEP_LABEL = {"load": "load CSV + graph + components", "betweenness": "betweenness",
              "pagerank": "PageRank", "projection": "investor projection", "kcore": "k-core (projection)",
              "leiden": "Leiden until stable (dealgraph's default) / Louvain (peers)",
              "leiden2": "Leiden, `--iterations 2` / Louvain (peers)",
              "leiden2ig": "Leiden, `--iterations 2` / igraph's Leiden, 2 iterations"}


def fmt(x):
    if x is None:
        return "—"
    return "%.4f" % x if x < 0.1 else "%.3f" % x if x < 10 else "%.1f" % x


def compare_table(name, dg, peers):
    lines = ["### " + name, "",
             "| step | dealgraph s (the step) | dealgraph s (whole run) | dealgraph peak MB | " +
             " | ".join("%s s" % p for p in PEERS) + " | speed-up vs igraph | vs graph-tool | peers' peak MB | agree |",
             "|---|---:|---:|---:|" + "---:|" * len(PEERS) + "---:|---:|---|---|"]
    for step in ["load", "betweenness", "pagerank", "projection", "kcore", "leiden", "leiden2", "leiden2ig"]:
        if step not in dg:
            continue
        whole = dg[step]["seconds"]
        net = dg[step]["net"] if dg[step]["net"] is not None else whole
        net = max(net, 0.0005)
        cells, ratios, mem, notes = [], {}, [], []
        for lib in PEERS:
            p = peers.get(lib)
            if p is None or "seconds" not in p:
                why = "—" if p is None else ("timeout" if "timeout" in p else "error")
                cells.append(why)
                continue
            ts = [p["seconds"].get(s) for s in PEER_STEP[step]]
            if any(t is None for t in ts):
                cells.append("—")
                continue
            t = sum(ts)
            cells.append(fmt(t))
            ratios[lib] = t / net
            mem.append("%s %.0f" % (lib, p["peak_mb"][PEER_STEP[step][-1]]))
            a = agree(step, dg, p)
            if a:
                notes.append("%s: %s" % (lib, a))
        lines.append("| %s | %s | %s | %.0f | %s | %s | %s | %s | %s |" % (
            STEP_LABEL[step], fmt(net), fmt(whole), dg[step]["peak_mb"], " | ".join(cells),
            ("%.1fx" % ratios["igraph"]) if "igraph" in ratios else "—",
            ("%.1fx" % ratios["graph-tool"]) if "graph-tool" in ratios else "—",
            ", ".join(mem) or "—", "; ".join(notes) or "—"))
    return "\n".join(lines) + "\n"


# Runs of each scale step (the best is shown, with the others' wall times) and of each
# loading (the best load time is shown): this VM's runs of one binary vary by 20-50%.
SCALE_RUNS = 2
LOAD_RUNS = 5
# The comparison tables: a dealgraph run under SHORT_WHOLE seconds is repeated, REPEATS in all.
SHORT_WHOLE = 2.0
REPEATS = 5


def scale_steps(bin_, data, work):
    out = {}
    tmp = os.path.join(work, "scale.json")
    steps = [("load + graph + components", ["summary", data, "-q", "--output", "json"]),
             ("investor projection", ["project", data, "--side", "investors", "--min-weight", "2", "-q",
                                      "--output", "csv", "-o", tmp]),
             ("PageRank", ["centrality", data, "--measures", "pagerank", "-q", "--output", "json", "--top", "10",
                           "-o", tmp]),
             ("Leiden (1 run, on the projection)",
              ["clusters", data, "--only", "communities", "--min-weight", "2", "--runs", "1", "-q", "--output",
               "json", "--top", "10", "-o", tmp]),
             ("betweenness (automatic)", ["centrality", data, "--measures", "betweenness", "-q", "--output",
                                          "json", "--top", "10", "-o", tmp])]
    for label, args in steps:
        try:
            # Best of SCALE_RUNS by wall time; the peak is the highest of the runs.
            runs = []
            for _ in range(SCALE_RUNS):
                secs, mb, stdout = timed([bin_] + args, timeout=900)
                runs.append((secs, mb, stdout, dict(LAST_PHASES)))
            runs.sort(key=lambda r: r[0])
            secs, _, stdout, phases = runs[0]
            out[label] = {"seconds": secs, "peak_mb": max(r[1] for r in runs), "phases": phases,
                          "other_seconds": [r[0] for r in runs[1:]]}
            if label.startswith("betweenness"):
                out[label]["method"] = json.load(open(tmp)).get("betweenness_method")
            if label.startswith("load"):
                s = json.loads(stdout)
                out["size"] = {"nodes": s["investors"] + s["startups"], "edges": s["edges"]}
        except subprocess.TimeoutExpired:
            out[label] = {"seconds": None, "peak_mb": None}
        except RuntimeError as e:
            print(e, flush=True)
            out[label] = {"seconds": None, "peak_mb": None}
    return out


SCALE_PHASES = {"load + graph + components": ["load", "graph", "components"],
                "investor projection": ["projection"], "PageRank": ["pagerank"],
                "Leiden": ["leiden"],
                "betweenness": ["shortest paths (betweenness, closeness, harmonic)"]}


def load_table(bin_, files, work):
    """Loading alone (the `load` timer: read and parse into the data model), best of LOAD_RUNS."""
    lines = ["| file | MB | load s | MB/s | load + graph + components s | whole run s | peak MB |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for label, path in files:
        mb = os.path.getsize(path) / 1e6
        best = None
        for _ in range(LOAD_RUNS):
            secs, peak, _ = timed([bin_, "summary", path, "-q", "--output", "json"], timeout=900)
            ph = dict(LAST_PHASES)
            if best is None or ph.get("load", 1e9) < best[0].get("load", 1e9):
                best = (ph, secs, peak)
        ph, secs, peak = best
        load = ph.get("load")
        lines.append("| %s | %.1f | %s | %.0f | %s | %s | %.0f |" % (
            label, mb, fmt(load), mb / load if load else 0,
            fmt(sum(ph.get(p, 0) for p in ("load", "graph", "components"))), fmt(secs), peak))
    return "\n".join(lines) + "\n"


def report_table(bin_, data, work):
    """The whole briefing pack, as a user runs it, with each step's time."""
    dest = os.path.join(work, "report")
    secs, peak, _ = timed([bin_, "report", data, "--out", dest, "--force", "--map-top", "300", "-q"], timeout=1800)
    ph = dict(LAST_PHASES)
    lines = ["Whole run: **%.2f s** wall, %.0f MB peak (`dealgraph report investments.csv --map-top 300`)." % (
        secs, peak), "", "| step | s |", "|---|---:|"]
    lines.append("| load | %s |" % fmt(ph.get("load")))
    for name, t in ph.items():
        if name.startswith("report: ") and name != "report: ":
            lines.append("| %s | %s |" % (name[len("report: "):], fmt(t)))
    return "\n".join(lines) + "\n"


def machine():
    cpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    model = re.search(r"Model name:\s*(.*)", cpu)
    mem = open("/proc/meminfo").read().split("\n")[0].split()[1]
    gxx = subprocess.run(["c++", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    return "%s, %d cores, %.0f GiB; %s; %s; load average before the run %.2f" % (
        model.group(1) if model else platform.processor(), os.cpu_count(), int(mem) / 2**20, gxx,
        platform.platform(), os.getloadavg()[0])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "build/release/src/dealgraph"))
    ap.add_argument("--work", default="/tmp/dealgraph-bench")
    ap.add_argument("--rows", default="100000,1000000", help="generated data sets compared with the peers")
    ap.add_argument("--scale", default="100000,1000000,10000000", help="generated sizes for dealgraph alone")
    ap.add_argument("--peer-timeout", type=int, default=1800)
    ap.add_argument("--out", default=os.path.join(ROOT, "docs/PERFORMANCE.md"))
    ap.add_argument("--no-crunchbase", action="store_true", help="leave out the Crunchbase 2013 comparison")
    ap.add_argument("--no-peers", action="store_true", help="dealgraph alone (no igraph, graph-tool, NetworkX)")
    ap.add_argument("--from-saved", action="store_true",
                    help="measure nothing: rewrite --out from the template and the tables the last run saved in --work")
    a = ap.parse_args()
    if a.from_saved:
        with open(os.path.join(a.work, "tables.json")) as f:
            write_doc(json.load(f), a.out)
        return
    os.makedirs(a.work, exist_ok=True)
    started = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    host = machine()
    sets = []
    cb = os.path.join(ROOT, "..", "shared", "data", "crunchbase-2013", "investments.csv")
    if os.path.exists(cb) and not a.no_crunchbase:
        sets.append(("Crunchbase 2013 (investments.csv, 3.9 MB)", os.path.realpath(cb)))
    for n in [int(x) for x in a.rows.split(",") if x]:
        path = os.path.join(a.work, "gen-%d.csv" % n)
        subprocess.run([a.bin, "generate", "--rows", str(n), "--seed", "1", "-o", path], check=True)
        sets.append(("generated, %d rows (seed 1, %.0f MB)" % (n, os.path.getsize(path) / 1e6), path))
    versions = {}
    report = []
    for name, path in sets:
        print("==", name, flush=True)
        dg = dealgraph_steps(a.bin, path, a.work)
        nodes = dg["load"]["result"]["nodes"]
        peers = {}
        for lib in ([] if a.no_peers else PEERS):
            # Exact betweenness takes igraph and graph-tool minutes at 40k nodes; NetworkX
            # only runs where it finishes in reasonable time.
            if lib == "networkx" and nodes > 60000:
                continue
            bc = nodes <= 50000 and lib != "networkx"
            print("  ", lib, flush=True)
            peers[lib] = peer(lib, path, a.work, bc, a.peer_timeout)
            if "version" in peers[lib]:
                versions[lib] = peers[lib]["version"]
        table = compare_table(name, dg, peers)
        print(table, flush=True)
        report.append(table)
    load_files, report_md = [], "(not run: no Crunchbase data)\n"
    if os.path.exists(cb) and not a.no_crunchbase:
        cb_json = os.path.join(a.work, "investments.json")
        subprocess.run([a.bin, "convert", cb, "-o", cb_json, "-q"], check=True)
        load_files += [("Crunchbase 2013, CSV", os.path.realpath(cb)), ("Crunchbase 2013, native JSON", cb_json)]
        print("== report", flush=True)
        report_md = report_table(a.bin, os.path.realpath(cb), a.work)
        print(report_md, flush=True)
    for n in [int(x) for x in a.rows.split(",") if x]:
        path = os.path.join(a.work, "gen-%d.csv" % n)
        as_json = os.path.join(a.work, "gen-%d.json" % n)
        subprocess.run([a.bin, "convert", path, "-o", as_json, "-q"], check=True)
        load_files += [("generated %d rows, CSV" % n, path), ("generated %d rows, native JSON" % n, as_json)]
    print("== loading", flush=True)
    load_md = load_table(a.bin, load_files, a.work) if load_files else ""
    print(load_md, flush=True)
    scale = []
    for n in [int(x) for x in a.scale.split(",") if x]:
        path = os.path.join(a.work, "gen-%d.csv" % n)
        if not os.path.exists(path):
            subprocess.run([a.bin, "generate", "--rows", str(n), "--seed", "1", "-o", path], check=True)
        print("== scale", n, flush=True)
        r = scale_steps(a.bin, path, a.work)
        r["rows"], r["mb"] = n, os.path.getsize(path) / 1e6
        scale.append(r)
        print(json.dumps(r), flush=True)
    labels = [k for k in scale[0] if k not in ("size", "rows", "mb")] if scale else []
    st = ["| rows | file MB | nodes | edges | " + " | ".join(labels) + " |",
          "|---:|---:|---:|---:|" + "---|" * len(labels)]
    for r in scale:
        cells = []
        for k in labels:
            x = r[k]
            if x["seconds"] is None:
                cells.append("failed or > 900 s")
                continue
            own = SCALE_PHASES.get(k.split(" (")[0])
            ph = x.get("phases", {})
            own_s = sum(ph[p] for p in own if p in ph) if own else None
            c = "%.2f s" % x["seconds"]
            if x.get("other_seconds"):
                c += " (other run%s %s s)" % ("s" if len(x["other_seconds"]) > 1 else "",
                                              ", ".join("%.2f" % o for o in x["other_seconds"]))
            c += ", %.0f MB" % x["peak_mb"]
            if own_s is not None and own and any(p in ph for p in own):
                c += " (step %.2f s)" % own_s
            if x.get("method") and x["method"] != "exact":
                c += " (sampled, %d paths)" % x["method"]["approximate"]["samples"]
            cells.append(c)
        st.append("| %d | %.0f | %s | %s | %s |" % (r["rows"], r["mb"], r.get("size", {}).get("nodes", "?"),
                                                   r.get("size", {}).get("edges", "?"), " | ".join(cells)))
    parts = {"DATE": started, "MACHINE": host,
             "VERSIONS": "; ".join("%s" % v for v in versions.values()) or "(no peers ran)",
             "COMPARE": "\n".join(report), "SCALE": "\n".join(st), "LOAD": load_md, "REPORT": report_md}
    with open(os.path.join(a.work, "tables.json"), "w") as f:
        json.dump(parts, f, indent=1)
    write_doc(parts, a.out)


def write_doc(parts, out):
    """The template scripts/bench_notes.md with the measured tables in place of {{NAME}}."""
    with open(os.path.join(HERE, "bench_notes.md")) as f:
        doc = f.read()
    # SCALE_NOTE: said when the scale table comes from another run than the rest (a saved
    # tables.json edited by hand); empty otherwise.
    parts = dict({"SCALE_NOTE": ""}, **parts)
    for name, text in parts.items():
        doc = doc.replace("{{%s}}" % name, text)
    with open(out, "w") as f:
        f.write(doc)
    print("wrote", out)


if __name__ == "__main__":
    main()
