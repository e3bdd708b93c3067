"""Golden values for RepBench's statistics (package dev.repbench.runtime.analysis.stats), from scipy and statsmodels.

Usage: /usr/bin/python3 make_stats_golden.py OUTPUT_FOLDER
  (Debian 12's python3-scipy 1.10 and python3-statsmodels 0.13; run from anywhere, e.g. with
   OUTPUT_FOLDER = runtime/analysis/src/test/resources/golden)

Writes:
  correlations.json  score tables (encoder x task, with ties) and, per table, Pearson and Spearman r and two-sided
                     p for every pair of tasks (scipy.stats.pearsonr / spearmanr on the pair's columns)
  anova.json         long tables (factor levels as strings, response) and statsmodels' anova_lm tables:
                     typ 1 and 2 from ols('y ~ C(A) + C(B) [+ C(A):C(B)]'), typ 3 from the same formula with
                     C(x, Sum) (effect coding); cases: balanced two-way with interaction, unbalanced two-way with
                     interaction, unbalanced three factors main effects only, and a strong effect with p < 1e-22.
The Java tests read only these committed JSON files; python is not needed at test time.
"""
import json
import os
import sys

import numpy as np
import pandas as pd
import scipy.stats
import statsmodels.api as sm
from statsmodels.formula.api import ols

SEED = 20211


def correlation_case(name, encoders, tasks, scores):
    scores = np.asarray(scores, dtype=float)
    k = len(tasks)
    out = {"name": name, "encoders": encoders, "tasks": tasks, "scores": scores.tolist(),
           "pearson": {"r": [[0.0] * k for _ in range(k)], "p": [[0.0] * k for _ in range(k)]},
           "spearman": {"r": [[0.0] * k for _ in range(k)], "p": [[0.0] * k for _ in range(k)]}}
    for i in range(k):
        for j in range(k):
            if i == j:
                for kind in ("pearson", "spearman"):
                    out[kind]["r"][i][j] = 1.0
                    out[kind]["p"][i][j] = 0.0
                continue
            r, p = scipy.stats.pearsonr(scores[:, i], scores[:, j])
            out["pearson"]["r"][i][j] = float(r)
            out["pearson"]["p"][i][j] = float(p)
            rho, ps = scipy.stats.spearmanr(scores[:, i], scores[:, j])
            out["spearman"]["r"][i][j] = float(rho)
            out["spearman"]["p"][i][j] = float(ps)
    return out


def correlations(rng):
    cases = []
    n = 12
    encoders = ["enc%02d" % i for i in range(n)]
    base = rng.normal(size=n)
    tasks = ["imagenet", "cifar100", "pets", "depth", "flow"]
    scores = np.column_stack([
        70 + 5 * base,
        60 + 4 * base + rng.normal(scale=2, size=n),
        np.round(80 + 3 * base + rng.normal(scale=3, size=n)),   # rounded: ties for Spearman
        0.5 - 0.02 * base + rng.normal(scale=0.03, size=n),
        np.round(rng.normal(scale=2, size=n)),                    # unrelated, with ties
    ])
    cases.append(correlation_case("mixed_with_ties", encoders, tasks, scores))
    m = 30  # r ≈ 0.99 between t1 and t2: p ≈ 1e-25, yet 1 − r is far from rounding (p is ill-conditioned as r → 1)
    x = rng.normal(size=m)
    strong = np.column_stack([x, 3 * x + rng.normal(scale=0.4, size=m), -x + rng.normal(scale=0.5, size=m)])
    cases.append(correlation_case("strong", ["e%d" % i for i in range(m)], ["t1", "t2", "t3"], strong))
    return cases


def anova_case(name, df, factors, interaction):
    def formula(coding):
        terms = ["C(%s%s)" % (f, coding) for f in factors]
        if interaction:
            terms.append(":".join("C(%s%s)" % (f, coding) for f in factors[:2]))
        return "y ~ " + " + ".join(terms)

    def term_name(label):
        if label in ("Intercept", "Residual"):
            return label
        parts = []
        for part in label.split(":"):
            inner = part[len("C("):-1]
            parts.append(inner.split(",")[0].strip())
        return ":".join(parts)

    tables = {}
    for typ in (1, 2, 3):
        model = ols(formula(", Sum" if typ == 3 else ""), data=df).fit()
        table = sm.stats.anova_lm(model, typ=typ)
        rows = []
        for label, row in table.iterrows():
            entry = {"term": term_name(label), "df": float(row["df"]), "sum_sq": float(row["sum_sq"])}
            if label != "Residual":
                entry["F"] = float(row["F"])
                entry["p"] = float(row["PR(>F)"])
            rows.append(entry)
        tables[str(typ)] = rows
    return {"name": name, "factors": factors,
            "terms": factors + ([":".join(factors[:2])] if interaction else []),
            "levels": [[str(v) for v in df[f]] for f in factors], "response": df["y"].tolist(),
            "anova": tables}


def anova(rng):
    cases = []
    rows = []
    for a in ("a1", "a2", "a3"):
        for b in ("b1", "b2"):
            for _ in range(4):
                effect = {"a1": 0.0, "a2": 1.0, "a3": -0.5}[a] + (0.7 if b == "b2" else 0) \
                    + (0.9 if (a, b) == ("a3", "b2") else 0)
                rows.append((a, b, 10 + effect + rng.normal()))
    cases.append(anova_case("balanced_two_way", pd.DataFrame(rows, columns=["A", "B", "y"]), ["A", "B"], True))

    rows = []
    counts = {("x", "lo"): 2, ("x", "mid"): 5, ("x", "hi"): 3, ("y", "lo"): 4, ("y", "mid"): 1,
              ("y", "hi"): 6, ("z", "lo"): 3, ("z", "mid"): 2, ("z", "hi"): 4}
    for (a, b), c in counts.items():
        for _ in range(c):
            effect = {"x": 0.0, "y": 2.0, "z": 1.0}[a] + {"lo": 0.0, "mid": 0.5, "hi": 1.5}[b] \
                + (1.2 if (a, b) == ("y", "hi") else 0)
            rows.append((a, b, effect + rng.normal()))
    cases.append(anova_case("unbalanced_two_way", pd.DataFrame(rows, columns=["A", "B", "y"]), ["A", "B"], True))

    rows = []
    for task in ("imagenet", "pets", "depth", "nyu_seg"):
        for algorithm in ("moco", "swav", "simclr"):
            for balance in ("balanced", "unbalanced"):
                for _ in range(int(rng.integers(1, 4))):
                    effect = {"imagenet": 0, "pets": 3, "depth": -2, "nyu_seg": 1}[task] \
                        + {"moco": 0.4, "swav": 0.0, "simclr": -0.3}[algorithm] \
                        + (0.1 if balance == "balanced" else 0)
                    rows.append((task, algorithm, balance, effect + rng.normal(scale=0.5)))
    df = pd.DataFrame(rows, columns=["task", "algorithm", "balance", "y"])
    cases.append(anova_case("unbalanced_three_main", df, ["task", "algorithm", "balance"], False))

    rows = []
    for a in ("off", "on"):
        for b in ("p", "q", "r"):
            for _ in range(10):
                rows.append((a, b, (25.0 if a == "on" else 0.0) + {"p": 0, "q": 0.3, "r": -0.2}[b]
                             + rng.normal()))
    cases.append(anova_case("strong_effect", pd.DataFrame(rows, columns=["A", "B", "y"]), ["A", "B"], False))
    return cases


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(SEED)
    with open(os.path.join(out, "correlations.json"), "w") as f:
        json.dump({"generator": "make_stats_golden.py", "scipy": scipy.__version__,
                   "cases": correlations(rng)}, f, indent=1)
    with open(os.path.join(out, "anova.json"), "w") as f:
        json.dump({"generator": "make_stats_golden.py", "statsmodels": sm.__version__,
                   "cases": anova(rng)}, f, indent=1)


if __name__ == "__main__":
    main()
