#!/usr/bin/env python3
"""Golden values for RepBench's mIoU and KITTI flow metrics, computed independently with numpy.

Usage: make_metric_golden.py OUT.json

Writes a seeded random test set (inputs) and the expected metrics (outputs) that
dev.repbench.tasks.metrics.GoldenMetricsTest must reproduce exactly. Inputs are chosen to be exact in float32
(flow in 1/64 px, as KITTI stores it), and every floating-point sum runs in a plain loop in a fixed order
(image by image, pixel by pixel in row-major order; classes in increasing order) so the Java accumulators,
which use the same order, agree to the last bit.
"""
import json
import math
import sys

import numpy as np

SEED = 20210611
CLASSES = 6
IGNORE = 255
ABSENT_CLASS = 4        # neither labelled nor predicted anywhere: left out of the mean
UNLABELLED_CLASS = 5    # predicted but never labelled: IoU 0, counted
SEG_IMAGES, SEG_H, SEG_W = 4, 13, 17
SEG_BATCH = 2           # images per add() call, for the ViRB-compatible value
FLOW_IMAGES, FLOW_H, FLOW_W = 3, 9, 11
EPS = 1e-8


def segmentation(rng):
    labelled_classes = [c for c in range(CLASSES) if c not in (ABSENT_CLASS, UNLABELLED_CLASS)]
    predicted_classes = [c for c in range(CLASSES) if c != ABSENT_CLASS]
    labels = rng.choice(labelled_classes, size=(SEG_IMAGES, SEG_H, SEG_W))
    labels[rng.random(labels.shape) < 0.1] = IGNORE
    noise = rng.choice(predicted_classes, size=labels.shape)
    keep = (rng.random(labels.shape) < 0.7) & (labels != IGNORE)
    predicted = np.where(keep, labels, noise)

    valid = labels != IGNORE
    confusion = np.bincount(labels[valid] * CLASSES + predicted[valid], minlength=CLASSES * CLASSES)
    confusion = confusion.reshape(CLASSES, CLASSES)
    ious = []
    for c in range(CLASSES):
        inter = int(confusion[c, c])
        union = int(confusion[c, :].sum() + confusion[:, c].sum()) - inter
        ious.append(None if union == 0 else inter / union)
    total, present = 0.0, 0
    for value in ious:
        if value is not None:
            total += value
            present += 1

    batch_total, batches = 0.0, 0
    for start in range(0, SEG_IMAGES, SEG_BATCH):
        lab = labels[start:start + SEG_BATCH]
        pre = predicted[start:start + SEG_BATCH]
        class_total, scored = 0.0, 0
        for c in range(1, CLASSES):
            if not np.any(lab == c):
                continue
            image_total = 0.0
            for n in range(lab.shape[0]):
                v = lab[n] != IGNORE
                inter = int(np.sum((pre[n] == c) & (lab[n] == c) & v))
                union = int(np.sum(((pre[n] == c) | (lab[n] == c)) & v))
                image_total += (inter + EPS) / (union + EPS)
            class_total += image_total / lab.shape[0]
            scored += 1
        if scored:
            batch_total += class_total / scored
            batches += 1

    return {
        "classes": CLASSES, "ignoreIndex": IGNORE, "images": SEG_IMAGES, "height": SEG_H, "width": SEG_W,
        "batchImages": SEG_BATCH,
        "labels": labels.reshape(-1).tolist(), "predicted": predicted.reshape(-1).tolist(),
        "confusion": confusion.tolist(), "iou": ious, "pixels": int(valid.sum()),
        "miou": total / present, "miouVirbCompat": batch_total / batches,
    }


def flow(rng):
    shape = (FLOW_IMAGES, 2, FLOW_H, FLOW_W)
    truth = rng.integers(-100 * 64, 100 * 64, size=shape) / 64.0
    truth[:, :, 0, 0] = 0.0  # zero true flow: only the 3 px test applies
    scale = rng.choice([0.5, 2.0, 6.0], size=(FLOW_IMAGES, 1, FLOW_H, FLOW_W))
    predicted = truth + np.round(rng.normal(size=shape) * scale * 64) / 64.0
    valid = rng.random((FLOW_IMAGES, FLOW_H, FLOW_W)) >= 0.15

    d = predicted - truth
    epe = np.sqrt(d[:, 0] * d[:, 0] + d[:, 1] * d[:, 1])
    magnitude = np.sqrt(truth[:, 0] * truth[:, 0] + truth[:, 1] * truth[:, 1])
    outlier = (epe > 3.0) & (epe > 0.05 * magnitude) & valid
    epe_total = 0.0
    for value in epe[valid]:  # row-major: image, row, column
        epe_total += float(value)
    count = int(valid.sum())
    stored_truth = np.where(valid[:, None], truth, np.nan)
    return {
        "images": FLOW_IMAGES, "height": FLOW_H, "width": FLOW_W,
        # NaN is not JSON: invalid pixels are listed in "valid" and their truth written as 0.
        "truth": np.nan_to_num(stored_truth, nan=0.0).reshape(-1).tolist(),
        "valid": valid.reshape(-1).astype(int).tolist(),
        "predicted": predicted.reshape(-1).tolist(),
        "validPixels": count, "outliers": int(outlier.sum()),
        "flAll": int(outlier.sum()) / count, "meanEpe": epe_total / count,
    }


def main():
    rng = np.random.default_rng(SEED)
    golden = {"seed": SEED, "segmentation": segmentation(rng), "flow": flow(rng)}
    with open(sys.argv[1], "w") as out:
        json.dump(golden, out, indent=1)
        out.write("\n")


if __name__ == "__main__":
    main()
