#!/usr/bin/env python3
"""SciPy's answers for the outcomes report, to check Regie's statistics against.

Run by hand when the fixtures or the definitions change (Python 3.9+, SciPy >= 1.11):

    python3 -m venv /tmp/regie-venv && /tmp/regie-venv/bin/pip install scipy numpy
    /tmp/regie-venv/bin/python scripts/outcomes_fixtures.py
        -> writes crates/domain/tests/fixtures/outcomes_scipy.json (fixed seed: the same file
           every time for the same SciPy/NumPy); then `cargo test -p regie-domain outcomes`.

    /tmp/regie-venv/bin/python scripts/outcomes_fixtures.py --pairs PAIRS.csv --out ANSWERS.json
        -> SciPy's answers for pairs exported from Regie (e.g. the demo organisation).

The definitions (see ARCHITECTURE.md, "Outcome statistics", and crates/domain/src/outcomes.rs):
per domain `scipy.stats.wilcoxon(first, last, zero_method="wilcox", correction=False,
method="approx")`; `wilcoxon_w` = its statistic (the smaller rank sum), `z` = |zstatistic| with
+ when the rank sum of improvements (last > first) is the larger, `p_value` = its pvalue,
`effect_size_r` = z / sqrt(non-zero pairs). No test when n_pairs < 5 or when all differences are
zero. Total score: `scipy.stats.ttest_rel(first, last)` with the sign flipped (positive t =
improvement), `cohen_dz` = mean(last - first) / sd(last - first, ddof=1); no test when n < 5 or
when every change is the same (sd of the changes <= 1e-12 * max(1, |mean change|), since totals are
means and equal changes can differ in the last bits).

PAIRS.csv (UTF-8, ';'-separated, optional BOM). One file with one or two sections; each section
starts with its own header line:

    domain;first;last                        <- per-domain pairs, one line per trajectory and domain
    zrm_financien;2;3                           levels 1..5, "niet besproken" already left out
    zrm_financien;4;4
    zrm_huisvesting;1;3
    trajectory;total_first;total_last        <- totals, one line per trajectory
    17;2.3846153846153846;2.6923076923076925    floats as Rust's `{}` prints f64 (shortest
    18;3;3.5                                    round-trip form), so Python reads the same double

ANSWERS.json:

    {"scipy": "1.17.1", "numpy": "...",
     "domains": [{"domain": "zrm_financien", "n_pairs": ..., "improved": ..., "same": ...,
                  "declined": ..., "mean_first": ..., "mean_last": ..., "median_change": ...,
                  "wilcoxon_w": ..., "z": ..., "p_value": ..., "effect_size_r": ...,
                  "has_test": true, "scipy": {"statistic": ..., "zstatistic": ..., "pvalue": ...}}],
     "total": {"n_pairs": ..., "mean_first": ..., "sd_first": ..., "mean_last": ..., "sd_last": ...,
               "mean_change": ..., "sd_change": ..., "t": ..., "df": ..., "p_value": ...,
               "cohen_dz": ..., "has_test": true, "scipy": {"statistic": ..., "pvalue": ..., "df": ...}}}

Domains are in order of first appearance; field names are those of Regie's DomainOutcome and
TotalOutcome; null where Regie gives None. Floats are written with full precision (repr).
"""

import argparse
import json
import math
import sys
import warnings
from pathlib import Path

import numpy as np
import scipy
from scipy import special, stats

SEED = 20250603
MIN_PAIRS = 5
NO_SPREAD_BELOW = 1e-12  # sd of the changes below this * max(1, |mean|): no spread, no t-test
OUT_DEFAULT = Path(__file__).resolve().parent.parent / "crates/domain/tests/fixtures/outcomes_scipy.json"


def f(x):
    """A float for JSON (None for nan/inf-free absence)."""
    if x is None:
        return None
    x = float(x)
    if math.isnan(x) or math.isinf(x):
        raise ValueError(f"unexpected non-finite value {x}")
    return x


def domain_expected(name, first, last):
    """The DomainOutcome fields for one domain's pairs, computed by NumPy/SciPy."""
    first = np.asarray(first, dtype=np.int64)
    last = np.asarray(last, dtype=np.int64)
    n = len(first)
    d = last - first
    out = {
        "domain": name,
        "n_pairs": n,
        "improved": int((d > 0).sum()),
        "same": int((d == 0).sum()),
        "declined": int((d < 0).sum()),
        "mean_first": f(first.mean()) if n else None,
        "mean_last": f(last.mean()) if n else None,
        "median_change": f(np.median(d)) if n else None,
        "wilcoxon_w": None,
        "z": None,
        "p_value": None,
        "effect_size_r": None,
        "has_test": False,
        "scipy": None,
    }
    if n < MIN_PAIRS or not (d != 0).any():
        return out
    res = stats.wilcoxon(first, last, zero_method="wilcox", correction=False, method="approx")
    # Which rank sum is larger: rank |d| over the non-zero differences (average ranks).
    nz = d[d != 0]
    ranks = stats.rankdata(np.abs(nz))
    r_improved = ranks[nz > 0].sum()
    r_declined = ranks[nz < 0].sum()
    size = abs(float(res.zstatistic))
    z = size if r_improved >= r_declined else -size
    out.update(
        wilcoxon_w=f(res.statistic),
        z=f(z),
        p_value=f(res.pvalue),
        effect_size_r=f(z / math.sqrt(len(nz))),
        has_test=True,
        scipy={"statistic": f(res.statistic), "zstatistic": f(res.zstatistic), "pvalue": f(res.pvalue)},
    )
    return out


def total_expected(first, last):
    """The TotalOutcome fields for (first, last) totals, computed by NumPy/SciPy."""
    first = np.asarray(first, dtype=np.float64)
    last = np.asarray(last, dtype=np.float64)
    n = len(first)
    d = last - first
    sd = (lambda x: f(np.std(x, ddof=1))) if n > 1 else (lambda x: None)
    out = {
        "n_pairs": n,
        "mean_first": f(first.mean()) if n else None,
        "sd_first": sd(first),
        "mean_last": f(last.mean()) if n else None,
        "sd_last": sd(last),
        "mean_change": f(d.mean()) if n else None,
        "sd_change": sd(d),
        "t": None,
        "df": None,
        "p_value": None,
        "cohen_dz": None,
        "has_test": False,
        "scipy": None,
    }
    if n < MIN_PAIRS or not np.std(d, ddof=1) > NO_SPREAD_BELOW * max(1.0, abs(d.mean())):
        return out
    res = stats.ttest_rel(first, last)
    out.update(
        t=f(-res.statistic),
        df=int(res.df),
        p_value=f(res.pvalue),
        cohen_dz=f(d.mean() / np.std(d, ddof=1)),
        has_test=True,
        scipy={"statistic": f(res.statistic), "pvalue": f(res.pvalue), "df": int(res.df)},
    )
    return out


def counts_of(first, last):
    c = [[0] * 5 for _ in range(5)]
    for a, b in zip(first, last):
        c[a - 1][b - 1] += 1
    return c


def domain_cohorts(rng):
    """(name, first, last) cohorts for the Wilcoxon test."""
    def shifted(n, changes, probs, first_probs=(0.25, 0.3, 0.25, 0.15, 0.05)):
        first = rng.choice(np.arange(1, 6), size=n, p=first_probs)
        change = rng.choice(changes, size=n, p=probs)
        last = np.clip(first + change, 1, 5)
        return first.tolist(), last.tolist()

    out = []
    out.append(("many_pairs", *shifted(400, [-2, -1, 0, 1, 2, 3], [0.05, 0.12, 0.4, 0.25, 0.13, 0.05])))
    first = rng.integers(2, 5, size=60).tolist()
    last = [a + (1 if rng.random() < 0.6 else -1) for a in first]
    out.append(("ties_everywhere", first, last))
    first = rng.integers(1, 6, size=200).tolist()
    last = list(first)
    for i in range(10):
        last[i] = min(5, first[i] + 1) if first[i] < 5 else 4
    out.append(("mostly_zeros", first, last))
    first = rng.integers(1, 4, size=30).tolist()
    out.append(("all_improvements", first, [a + int(rng.integers(1, 3)) for a in first]))
    first = rng.integers(3, 6, size=30).tolist()
    out.append(("all_declines", first, [a - int(rng.integers(1, 3)) for a in first]))
    out.append(("exactly_5", [1, 2, 2, 3, 4], [2, 2, 4, 3, 3]))
    out.append(("exactly_5_one_nonzero", [1, 2, 3, 4, 5], [2, 2, 3, 4, 5]))
    out.append(("exactly_5_all_tied", [1, 2, 3, 4, 2], [2, 3, 4, 5, 1]))
    out.append(("four_pairs", [1, 2, 3, 4], [2, 3, 4, 5]))
    out.append(("all_zeros", [3] * 25 + [2] * 25, [3] * 25 + [2] * 25))
    out.append(("empty", [], []))
    out.append(("balanced", [1, 2, 3, 4, 2, 3, 4, 5], [2, 3, 4, 5, 1, 2, 3, 4]))
    out.append(("large_n", *shifted(20000, [-3, -2, -1, 0, 1, 2, 3, 4], [0.02, 0.05, 0.13, 0.4, 0.22, 0.12, 0.04, 0.02])))
    out.append(("large_n_near_null", *shifted(20000, [-2, -1, 0, 1, 2], [0.1, 0.2, 0.395, 0.205, 0.1])))
    first = rng.integers(1, 3, size=600).tolist()
    out.append(("all_improvements_600", first, [a + int(rng.integers(1, 4)) for a in first]))
    for i in range(30):
        n = int(rng.integers(5, 41))
        p = rng.dirichlet(np.ones(5))
        q = rng.dirichlet(np.ones(5))
        first = rng.choice(np.arange(1, 6), size=n, p=p).tolist()
        last = rng.choice(np.arange(1, 6), size=n, p=q).tolist()
        out.append((f"random_{i:02}", first, last))
    return out


def total_cohorts(rng):
    """(name, domains, first_sums, last_sums): totals are sums of domain levels / domains."""
    def cohort(n, domains, drift, spread=0.8):
        first = rng.integers(1, 6, size=(n, domains))
        change = np.rint(rng.normal(drift, spread, size=(n, domains))).astype(np.int64)
        last = np.clip(first + change, 1, 5)
        return first.sum(axis=1).tolist(), last.sum(axis=1).tolist()

    out = [
        ("t_many", 13, *cohort(300, 13, 0.3)),
        ("t_exactly_5", 13, *cohort(5, 13, 0.4)),
        ("t_four", 13, *cohort(4, 13, 0.4)),
        ("t_no_spread", 13, [26, 30, 39, 13, 20], [27, 31, 40, 14, 21]),
        ("t_empty", 13, [], []),
        ("t_large", 13, *cohort(5000, 13, 0.15, 1.0)),
        ("t_near_null", 13, *cohort(200, 13, 0.0, 0.9)),
        ("t_decline", 13, *cohort(80, 13, -0.35)),
        ("t_zrm2013", 11, *cohort(120, 11, 0.25)),
    ]
    for i in range(20):
        n = int(rng.integers(5, 61))
        out.append((f"t_random_{i:02}", 13, *cohort(n, 13, float(rng.normal(0.1, 0.3)), 0.5 + rng.random())))
    return out


def special_tables():
    """Reference values for the special functions, over the ranges the report uses."""
    xs = [0.0, 1e-8, 0.001, 0.1, 0.3, 0.5, 0.7071, 1.0, 1.5, 1.99, 2.0, 2.01, 2.5, 3.0, 4.0,
          5.0, 7.5, 10.0, 15.0, 20.0, 26.0]
    erfc = [[x, f(special.erfc(x))] for x in xs]
    zs = [0.0, 0.01, 0.5, 1.0, 1.6448536269514722, 1.959963984540054, 2.5, 3.0, 5.0, 8.0,
          12.0, 20.0, 30.0, 37.5]
    normal_p = [[z, f(2 * stats.norm.sf(z))] for z in zs]
    ts = [0.001, 0.1, 0.5, 1.0, 1.7, 2.0, 2.776, 3.5, 5.0, 10.0, 30.0]
    dfs = [1, 2, 3, 4, 5, 9, 29, 99, 299, 999, 4999, 19999, 99999, 1000000]
    t_p = []
    for df in dfs:
        for t in ts:
            p = 2 * stats.t.sf(t, df)
            if p > 1e-290:
                t_p.append([t, df, f(p)])
    gam = [[x, f(special.gammaln(x))] for x in [0.5, 1.0, 1.5, 2.5, 3.0, 7.25, 9.99, 10.0, 12.5, 50.0, 1e3, 1e5]]
    lbeta = [[a, b, f(special.betaln(a, b))] for a, b in
             [(0.5, 0.5), (2.0, 0.5), (4.5, 0.5), (10.0, 0.5), (49.5, 0.5), (5000.0, 0.5),
              (500000.0, 0.5), (12.0, 15.0), (3.0, 20.0)]]
    return {"erfc": erfc, "normal_two_sided_p": normal_p, "t_two_sided_p": t_p,
            "ln_gamma": gam, "ln_beta": lbeta}


def satisfaction_cohorts(rng):
    out = []
    for i, n in enumerate([0, 1, 7, 250]):
        marks = rng.integers(1, 11, size=n) if n else np.array([], dtype=np.int64)
        hist = [int((marks == m).sum()) for m in range(1, 11)]
        out.append({"name": f"marks_{i}", "hist": hist, "n": n,
                    "mean": f(marks.mean()) if n else None,
                    "share_6_to_10": f((marks >= 6).mean()) if n else None})
    return out


def generate(out_path):
    rng = np.random.default_rng(SEED)
    wilcoxon = []
    for name, first, last in domain_cohorts(rng):
        exp = domain_expected(name, first, last)
        exp["counts"] = counts_of(first, last)
        if len(first) <= 40:
            exp["pairs"] = [[a, b] for a, b in zip(first, last)]
        wilcoxon.append(exp)
    ttest = []
    for name, domains, fs, ls in total_cohorts(rng):
        exp = total_expected([s / domains for s in fs], [s / domains for s in ls])
        exp.update(name=name, domains=domains, first_sums=fs, last_sums=ls)
        ttest.append(exp)
    doc = {
        "generator": "scripts/outcomes_fixtures.py",
        "seed": SEED,
        "scipy": scipy.__version__,
        "numpy": np.__version__,
        "wilcoxon": wilcoxon,
        "ttest": ttest,
        "satisfaction": satisfaction_cohorts(rng),
        "special": special_tables(),
    }
    write_json(doc, out_path)


def write_json(doc, path):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # json writes floats with repr(): the shortest string that reads back as the same double.
    text = json.dumps(doc, separators=(",", ":"), allow_nan=False)
    path.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {path} ({len(text)} bytes)", file=sys.stderr)


def read_pairs(path):
    """Per-domain pairs {domain: (first, last)} and totals (first, last) from PAIRS.csv."""
    domains, totals = {}, ([], [])
    section = None
    text = Path(path).read_text(encoding="utf-8-sig")
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        cells = [c.strip() for c in line.split(";")]
        header = [c.lower() for c in cells]
        if header == ["domain", "first", "last"]:
            section = "domain"
            continue
        if header == ["trajectory", "total_first", "total_last"]:
            section = "total"
            continue
        if len(cells) != 3 or section is None:
            sys.exit(f"{path}:{lineno}: expected a header or three ';'-separated cells")
        if section == "domain":
            a, b = int(cells[1]), int(cells[2])
            if not (1 <= a <= 5 and 1 <= b <= 5):
                sys.exit(f"{path}:{lineno}: levels must be 1..5")
            fl = domains.setdefault(cells[0], ([], []))
            fl[0].append(a)
            fl[1].append(b)
        else:
            totals[0].append(float(cells[1]))
            totals[1].append(float(cells[2]))
    return domains, totals


def answer_pairs(pairs_path, out_path):
    domains, totals = read_pairs(pairs_path)
    doc = {
        "scipy": scipy.__version__,
        "numpy": np.__version__,
        "domains": [domain_expected(name, fl[0], fl[1]) for name, fl in domains.items()],
        "total": total_expected(*totals),
    }
    write_json(doc, out_path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pairs", help="PAIRS.csv exported from Regie (see the docstring)")
    ap.add_argument("--out", help="where to write the JSON (default: the committed fixture)")
    args = ap.parse_args()
    warnings.simplefilter("ignore", RuntimeWarning)  # SciPy warns about small n for "approx"
    if args.pairs:
        if not args.out:
            ap.error("--pairs needs --out")
        answer_pairs(args.pairs, args.out)
    else:
        generate(args.out or OUT_DEFAULT)


if __name__ == "__main__":
    main()
