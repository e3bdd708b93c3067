#!/usr/bin/env python3
"""Golden values for SinkhornTest, from an independent float64 NumPy version of SwAV's Sinkhorn-Knopp.

Written from the algorithm's definition as alternating scaling vectors (no transposed layout, no in-place
updates): with P = exp(S / eps) / sum(exp(S / eps)) of shape [B, K], each iteration rescales the prototype
(column) totals to 1/K and then the sample (row) totals to 1/B; the result is multiplied by B.

Prints plain text the test parses:
  scores <B> <K> <B*K values, row-major>
  case <epsilon> <iterations> <B*K values, row-major>
"""
import numpy as np

SCORES = np.array([
    [0.90, -0.20, 0.10, 0.40],
    [0.30, 0.80, -0.50, 0.00],
    [-0.10, 0.20, 0.70, 0.60],
], dtype=np.float64)

CASES = [(0.05, 3), (0.5, 1), (0.5, 3), (1.0, 10)]


def sinkhorn(scores, epsilon, iterations):
    b, k = scores.shape
    p = np.exp(scores / epsilon)
    p = p / p.sum()
    row_scale = np.ones(b)
    col_scale = np.ones(k)
    for _ in range(iterations):
        current = row_scale[:, None] * p * col_scale[None, :]
        col_scale = col_scale / (current.sum(axis=0) * k)
        current = row_scale[:, None] * p * col_scale[None, :]
        row_scale = row_scale / (current.sum(axis=1) * b)
    return b * (row_scale[:, None] * p * col_scale[None, :])


def numbers(values):
    return " ".join(repr(float(v)) for v in values.ravel())


print("scores", SCORES.shape[0], SCORES.shape[1], numbers(SCORES))
for epsilon, iterations in CASES:
    print("case", epsilon, iterations, numbers(sinkhorn(SCORES, epsilon, iterations)))
