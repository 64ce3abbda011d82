#!/usr/bin/env python3
"""Independent reference for `dealgraph summary` on a flat CSV such as Crunchbase 2013.

Re-implements the documented conventions (docs/FORMAT.md) in plain Python and counts
components with NetworkX, so a test can compare the C++ tool against it:

  - names match after trimming, collapsing white space and ASCII case folding;
  - exact duplicate rows are merged; rows with a blank startup or investor are skipped;
  - one round per (startup, date, round) when there is no deal id; the round's amount
    is the largest its rows give;
  - placeholder investors ("Private Investors", ...) are not nodes but take an equal
    part of the round's amount, which stays unattributed;
  - the rest is split equally among the named investors.

Usage: /usr/bin/python3 scripts/reference/crunchbase_summary.py investments.csv > out.json
Needs Debian's python3-networkx. Not run by CI: its output is committed under
tests/reference/.
"""
import csv
import json
import re
import sys

import networkx as nx

PLACEHOLDERS = {
    "undisclosed", "undisclosed investor", "undisclosed investors", "unknown", "unknown investor",
    "unknown investors", "private investor", "private investors", "business angel", "business angels",
    "angel investor", "angel investors", "angels", "others", "other", "other investors", "n/a", "na",
    "none", "various", "individual investors", "anonymous",
}


def key(name):
    return re.sub(r"[ \t\n\r\f\v]+", " ", name.strip(" \t\n\r\f\v")).translate(
        str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz"))


def main(path):
    rows = list(csv.reader(open(path, encoding="utf-8", newline="")))
    header = [h.strip().lower() for h in rows[0]]
    col = {h: i for i, h in enumerate(header)}
    seen = set()
    rounds = {}  # (startup key, date, round) -> {"amount", "named": set, "placeholders": set}
    order = []
    for raw in rows[1:]:
        t = tuple(raw)
        if t in seen:
            continue
        seen.add(t)
        startup, investor = raw[col["company_name"]], raw[col["investor_name"]]
        if not key(startup) or not key(investor):
            continue
        date = raw[col["funded_when"]].strip()
        amount = raw[col["amount_usd"]].strip()
        rk = (key(startup), date, "")
        r = rounds.get(rk)
        if r is None:
            r = rounds[rk] = {"amount": None, "named": set(), "placeholders": set(), "date": date}
            order.append(rk)
        if amount:
            a = float(amount.replace(",", ""))
            r["amount"] = a if r["amount"] is None else max(r["amount"], a)
        ik = key(investor)
        (r["placeholders"] if ik in PLACEHOLDERS else r["named"]).add(ik)

    g = nx.Graph()
    edges = {}
    capital = unattributed = 0.0
    participations = 0
    dates = []
    for rk in order:
        r = rounds[rk]
        if r["date"]:
            dates.append(r["date"])
        n = len(r["named"]) + len(r["placeholders"])
        part = (r["amount"] or 0.0) / n if n else 0.0
        unattributed += part * len(r["placeholders"])
        for inv in sorted(r["named"]):
            participations += 1
            e = ("i:" + inv, "s:" + rk[0])
            edges[e] = edges.get(e, 0.0) + part
            g.add_edge(*e)
    capital = sum(edges[e] for e in sorted(edges))
    comps = list(nx.connected_components(g))
    out = {
        "source": path.split("/")[-1],
        "networkx": nx.__version__,
        "investors": sum(1 for v in g if v.startswith("i:")),
        "startups": sum(1 for v in g if v.startswith("s:")),
        "deals": len(order),
        "participations": participations,
        "edges": g.number_of_edges(),
        "components": len(comps),
        "giant_component": max(len(c) for c in comps),
        "capital_usd": capital,
        "unattributed_usd": unattributed,
        "date_from": min(dates),
        "date_to": max(dates),
    }
    json.dump(out, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
