"""The two encoders `repbench bench battery` calibrates the battery with: a torchvision ResNet-18 trained supervised
on Fashion-MNIST (the strong encoder) and the same network at its random initialisation, both exported by
torch.onnx as a user would, ready for `repbench import`.

Usage: /usr/bin/python3 battery_encoders.py OUT_DIR [--data DIR] [--seed S] [--images N] [--side PX]
                                            [--min-box F] [--max-box F] [--batch B] [--threads T]

The strong encoder stands for the study's supervised ImageNet encoder: trained on the domain the end tasks are drawn
from. Fashion-MNIST's training garments are rendered the way the battery draws them, as augmentation: scaled to a
random box (MIN_BOX to MAX_BOX of the canvas: by default 0.3-0.9, 19-58 px, the sizes the battery draws garments
at), placed at random, tinted with a random bright colour and shaded by their own grey (Canvas.java's formula), over
black (Fashion-MNIST's own background) or a smooth dark two-colour blotch background (Canvas.withNoiseBackground's).
One pass over N images (SGD, momentum 0.9, one-cycle learning rate, batch B) at a SIDE x SIDE canvas, by default the
battery's own 64 x 64, so the encoder meets garments at the scale it learned them. Inputs are normalised with
ImageNet's mean and standard deviation, the default `repbench import` assumes.

Version 2 of the recipe (issue 16): version 1 trained at 32 x 32 on garments of 8-29 px and 24,000 images, which
reached 60 % on Fashion-MNIST's test garments and left most battery tasks unable to tell it from random weights.
Run it with one thread (the default): on a shared two-core machine PyTorch's second OpenMP thread spins against the
other process and made a step ten times slower.

Writes, into OUT_DIR:
  strong.onnx, random.onnx  the trained and the untrained network (same seed, same architecture), fc included,
                            opset 17, input "input" [batch, 3, H, W] with dynamic batch and spatial axes
  strong.pt, random.pt      their state dicts (torchvision names), for prototyping heads in PyTorch
  encoders.json             settings, seconds, and the strong network's Fashion-MNIST test accuracy: on the test
                            images rendered like the training ones (seeded) and on the plain grey ones, centred
and prints encoders.json's content. Deterministic for a given seed, torch build and thread count.
"""
import argparse
import gzip
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn.functional as F
import torchvision

FORMAT_VERSION = "2"
OPSET = 17  # the highest torch 1.13's exporter supports
MEAN = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
STD = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)


def read_idx(path):
    with gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def fashion_mnist(root, split):
    prefix = "train" if split == "train" else "t10k"
    def find(stem):
        for name in (stem, stem + ".gz"):
            if os.path.exists(os.path.join(root, name)):
                return os.path.join(root, name)
        raise SystemExit(f"battery_encoders: no {stem}(.gz) in {root}")
    images = torch.from_numpy(read_idx(find(prefix + "-images-idx3-ubyte")).copy()).float().div(255).unsqueeze(1)
    labels = torch.from_numpy(read_idx(find(prefix + "-labels-idx1-ubyte")).astype(np.int64))
    return images, labels


def hsv(h, s, v):
    """Colours.hsv, vectorised: [N] each -> [N, 3]."""
    h6 = (h - torch.floor(h)) * 6
    sector = torch.clamp(h6.floor(), max=5)
    f = h6 - sector
    p, q, t = v * (1 - s), v * (1 - s * f), v * (1 - s * (1 - f))
    table = torch.stack([torch.stack(c, 1) for c in
                         [(v, t, p), (q, v, p), (p, v, t), (p, q, v), (t, p, v), (v, p, q)]], 1)  # [N, 6, 3]
    return table[torch.arange(len(h)), sector.long()]


def uniform(generator, n, low, high):
    return low + (high - low) * torch.rand(n, generator=generator)


def render(garments, side, generator, min_box=0.3, max_box=0.9):
    """Battery-style canvases [N, 3, side, side] in [0, 1] from grey garments [N, 1, 28, 28]."""
    n = len(garments)
    box = uniform(generator, n, min_box, max_box) * side
    left = uniform(generator, n, 0, 1) * (side - box)
    top = uniform(generator, n, 0, 1) * (side - box)
    # affine_grid maps output to input coordinates in [-1, 1]: the garment fills [left, left + box].
    scale = side / box
    theta = torch.zeros(n, 2, 3)
    theta[:, 0, 0] = scale
    theta[:, 1, 1] = scale
    theta[:, 0, 2] = scale * (1 - (2 * left + box) / side)
    theta[:, 1, 2] = scale * (1 - (2 * top + box) / side)
    grid = F.affine_grid(theta, (n, 1, side, side), align_corners=False)
    grey = F.grid_sample(garments, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    tint = hsv(uniform(generator, n, 0, 1), uniform(generator, n, 0.45, 1), uniform(generator, n, 0.7, 1))
    background = blotches(n, side, generator) * (torch.rand(n, generator=generator) < 0.5).float().view(n, 1, 1, 1)
    alpha = torch.clamp(3 * grey, max=1)
    colour = tint.view(n, 3, 1, 1) * (0.35 + 0.65 * grey)
    return background * (1 - alpha) + colour * alpha


def blotches(n, side, generator):
    """Canvas.withNoiseBackground: value noise on a 5x5 grid blending two dark muted colours."""
    a = hsv(uniform(generator, n, 0, 1), uniform(generator, n, 0.15, 0.7), uniform(generator, n, 0.12, 0.5))
    b = hsv(uniform(generator, n, 0, 1), uniform(generator, n, 0.15, 0.7), uniform(generator, n, 0.12, 0.5))
    t = F.interpolate(torch.rand(n, 1, 6, 6, generator=generator), size=(side, side), mode="bilinear", align_corners=True)
    return a.view(n, 3, 1, 1) + t * (b - a).view(n, 3, 1, 1)


def normalise(x):
    return (x - MEAN) / STD


def accuracy(model, images, labels, side, generator, rendered, batch, min_box, max_box):
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(images), batch):
            g = images[i:i + batch]
            x = render(g, side, generator, min_box, max_box) if rendered else F.interpolate(g, size=(side, side), mode="bilinear",
                                                                         align_corners=False).expand(-1, 3, -1, -1)
            correct += (model(normalise(x)).argmax(1) == labels[i:i + batch]).sum().item()
    return correct / len(images)


def export(model, path, side):
    model.eval()
    torch.onnx.export(model, torch.zeros(2, 3, side, side), path, opset_version=OPSET, input_names=["input"],
                      output_names=["logits"],
                      dynamic_axes={"input": {0: "batch", 2: "height", 3: "width"}, "logits": {0: "batch"}})


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out")
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--images", type=int, default=36000, help="training images seen (one pass, a seeded subset)")
    parser.add_argument("--side", type=int, default=64, help="training canvas side")
    parser.add_argument("--min-box", type=float, default=0.3, help="smallest garment box, a fraction of the side")
    parser.add_argument("--max-box", type=float, default=0.9, help="largest garment box, a fraction of the side")
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--test-images", type=int, default=2000)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    os.makedirs(args.out, exist_ok=True)

    torch.manual_seed(args.seed)
    model = torchvision.models.resnet18(num_classes=10)
    export(model, os.path.join(args.out, "random.onnx"), args.side)
    torch.save(model.state_dict(), os.path.join(args.out, "random.pt"))
    model.train()

    images, labels = fashion_mnist(args.data, "train")
    generator = torch.Generator().manual_seed(args.seed)
    order = torch.randperm(len(images), generator=generator)
    order = order.repeat(math.ceil(args.images / len(images)))[:args.images]
    steps = math.ceil(args.images / args.batch)
    optimiser = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, weight_decay=5e-4, nesterov=True)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=0.05, total_steps=steps, pct_start=0.2)
    start = time.time()
    running = None
    for step in range(steps):
        index = order[step * args.batch:(step + 1) * args.batch]
        x = normalise(render(images[index], args.side, generator, args.min_box, args.max_box))
        loss = F.cross_entropy(model(x), labels[index])
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        schedule.step()
        running = loss.item() if running is None else 0.95 * running + 0.05 * loss.item()
        if step % 50 == 0 or step == steps - 1:
            print(f"step {step + 1}/{steps} loss {running:.3f} {time.time() - start:.0f} s", flush=True)
    seconds = time.time() - start

    test_images, test_labels = fashion_mnist(args.data, "test")
    test_images, test_labels = test_images[:args.test_images], test_labels[:args.test_images]
    rendered = accuracy(model, test_images, test_labels, args.side, torch.Generator().manual_seed(args.seed + 1), True, 256,
                        args.min_box, args.max_box)
    plain = accuracy(model, test_images, test_labels, args.side, None, False, 256, args.min_box, args.max_box)
    export(model, os.path.join(args.out, "strong.onnx"), args.side)
    torch.save(model.state_dict(), os.path.join(args.out, "strong.pt"))
    summary = {"format": FORMAT_VERSION, "architecture": "torchvision resnet18", "seed": args.seed,
               "images": args.images, "side": args.side, "min_box": args.min_box, "max_box": args.max_box, "batch": args.batch, "threads": args.threads,
               "train_seconds": round(seconds, 1), "test_images": len(test_images),
               "test_accuracy_rendered": rendered, "test_accuracy_plain": plain,
               "torch": torch.__version__, "torchvision": torchvision.__version__}
    with open(os.path.join(args.out, "encoders.json"), "w") as f:
        json.dump(summary, f, indent=2)
    print(json.dumps(summary), flush=True)


if __name__ == "__main__":
    main()
