"""Golden values for RepBench's autocast test: one training step of a small conv net, by PyTorch, in float32 and
under torch.autocast("cpu", dtype=torch.bfloat16), in NCHW and channels-last.

Usage: /usr/bin/python3 make_autocast_golden.py OUTPUT_FOLDER

The net: conv 3x3 (3 -> 8, padding 1, no bias), batch norm (training mode), ReLU, global average pool, linear
(8 -> 10), cross-entropy. Writes into OUTPUT_FOLDER:
  autocast.pt   the inputs (input, target, conv.weight, bn.weight, bn.bias, fc.weight, fc.bias) and, for each
                of the settings fp32, bf16, bf16_cl (bf16 with input and conv weight channels-last):
                <setting>.conv, <setting>.logits (as the forward made them: bf16 under autocast),
                <setting>.loss, <setting>.grad.conv.weight, <setting>.grad.fc.weight, <setting>.grad.bn.weight
                (backward run outside autocast, as PyTorch's recipe does), and matmul.fp32 / matmul.bf16 of two
                float32 matrices
and last AUTOCAST_COMPLETE holding FORMAT_VERSION.
"""
import os
import sys

import torch
import torch.nn.functional as F

FORMAT_VERSION = "1"
SEED = 4321


def step(inputs, autocast, channels_last):
    """One forward (optionally under bf16 autocast) and backward; returns the named results."""
    x = inputs["input"]
    leaves = {name: inputs[name].clone().requires_grad_(True)
              for name in ("conv.weight", "bn.weight", "bn.bias", "fc.weight", "fc.bias")}
    weight = leaves["conv.weight"]
    if channels_last:
        x = x.contiguous(memory_format=torch.channels_last)
        # As nn.Module.to(memory_format=...) does: the parameter itself in channels-last, still a leaf.
        weight = leaves["conv.weight"] = leaves["conv.weight"].detach().contiguous(
            memory_format=torch.channels_last).requires_grad_(True)
    with torch.autocast("cpu", dtype=torch.bfloat16, enabled=autocast):
        conv = F.conv2d(x, weight, None, 1, 1)
        normed = F.batch_norm(conv, torch.zeros(8), torch.ones(8), leaves["bn.weight"], leaves["bn.bias"],
                              training=True, momentum=0.1, eps=1e-5)
        pooled = F.adaptive_avg_pool2d(F.relu(normed), 1).flatten(1)
        logits = F.linear(pooled, leaves["fc.weight"], leaves["fc.bias"])
        loss = F.cross_entropy(logits, inputs["target"])
    loss.backward()
    return {"conv": conv.detach().contiguous(), "logits": logits.detach(), "loss": loss.detach(),
            "grad.conv.weight": leaves["conv.weight"].grad.contiguous(),
            "grad.fc.weight": leaves["fc.weight"].grad, "grad.bn.weight": leaves["bn.weight"].grad}


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_autocast_golden.py OUTPUT_FOLDER")
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    marker = os.path.join(out_dir, "AUTOCAST_COMPLETE")
    if os.path.exists(marker):
        os.remove(marker)
    torch.set_num_threads(2)
    torch.manual_seed(SEED)
    inputs = {
        "input": torch.randn(4, 3, 16, 16),
        "target": torch.tensor([1, 4, 7, 9]),
        "conv.weight": torch.randn(8, 3, 3, 3) * 0.3,
        "bn.weight": torch.rand(8) + 0.5,
        "bn.bias": torch.randn(8) * 0.1,
        "fc.weight": torch.randn(10, 8) * 0.3,
        "fc.bias": torch.randn(10) * 0.1,
        "a": torch.randn(16, 32),
        "b": torch.randn(32, 8),
    }
    out = dict(inputs)
    for setting, autocast, channels_last in (("fp32", False, False), ("bf16", True, False), ("bf16_cl", True, True)):
        for name, value in step(inputs, autocast, channels_last).items():
            out[setting + "." + name] = value
    out["matmul.fp32"] = inputs["a"] @ inputs["b"]
    with torch.autocast("cpu", dtype=torch.bfloat16):
        out["matmul.bf16"] = inputs["a"] @ inputs["b"]
    torch.save(out, os.path.join(out_dir, "autocast.pt"))
    with open(marker, "w") as f:
        f.write(FORMAT_VERSION + "\n")
    print("torch", torch.__version__, "->", out_dir)


if __name__ == "__main__":
    main()
