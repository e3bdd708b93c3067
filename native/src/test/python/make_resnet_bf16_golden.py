"""Golden values for RepBench's bf16 training step of a whole encoder: one step of the small-image ResNet-18 (torchvision's
ResNet-18 with a 3x3 stride-1 stem and no max-pool, 10 classes), by PyTorch, in float32 and under
torch.autocast("cpu", dtype=torch.bfloat16), NCHW and channels-last: the step the kit's loop and the benches take.

Usage: /usr/bin/python3 make_resnet_bf16_golden.py OUTPUT_FOLDER

Writes into OUTPUT_FOLDER:
  resnet_small_init.pt   the network's initial state dict (torchvision's names, which RepBench's ResNet shares)
  resnet_small_step.pt   input (8x3x32x32), target, and for each setting fp32, bf16 (autocast NCHW), bf16_cl
                         (autocast, network and input channels-last, as nn.Module.to(memory_format=...)):
                         <setting>.logits (as the forward made them: bf16 under autocast), <setting>.loss and
                         <setting>.grad.<name> for GRADIENTS (the backward outside autocast, as PyTorch's recipe),
                         all contiguous
and last RESNET_BF16_COMPLETE holding FORMAT_VERSION. Also prints, per setting, each result's distance from fp32
(max|a-b| / max|b|): the figures AutocastGoldenTest's ResNet tolerances are set from.
"""
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

FORMAT_VERSION = "1"
SEED = 1234
GRADIENTS = ["conv1.weight", "bn1.weight", "layer1.0.conv1.weight", "layer2.0.downsample.0.weight",
             "layer4.1.conv2.weight", "layer4.1.bn2.bias", "fc.weight", "fc.bias"]


def small_resnet18():
    model = torchvision.models.resnet18(num_classes=10)
    model.conv1 = nn.Conv2d(3, 64, kernel_size=3, stride=1, padding=1, bias=False)
    model.maxpool = nn.Identity()
    return model


def step(init, inputs, autocast, channels_last):
    model = small_resnet18()
    model.load_state_dict(init)
    model.train()
    x = inputs["input"]
    if channels_last:
        model = model.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    with torch.autocast("cpu", dtype=torch.bfloat16, enabled=autocast):
        logits = model(x)
        loss = F.cross_entropy(logits, inputs["target"])
    loss.backward()
    params = dict(model.named_parameters())
    out = {"logits": logits.detach().contiguous(), "loss": loss.detach()}
    for name in GRADIENTS:
        out["grad." + name] = params[name].grad.contiguous()
    return out


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_resnet_bf16_golden.py OUTPUT_FOLDER")
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    marker = os.path.join(out_dir, "RESNET_BF16_COMPLETE")
    if os.path.exists(marker):
        os.remove(marker)
    torch.set_num_threads(2)
    torch.manual_seed(SEED)
    init = small_resnet18().state_dict()
    inputs = {"input": torch.randn(8, 3, 32, 32), "target": torch.tensor([0, 1, 2, 3, 4, 5, 6, 7])}
    out = dict(inputs)
    results = {}
    for setting, autocast, channels_last in (("fp32", False, False), ("bf16", True, False), ("bf16_cl", True, True)):
        results[setting] = step(init, inputs, autocast, channels_last)
        for name, value in results[setting].items():
            out[setting + "." + name] = value
    for setting in ("bf16", "bf16_cl"):
        figures = []
        for name, value in results[setting].items():
            ref = results["fp32"][name]
            figures.append("%s %.1e" % (name, ((value.float() - ref).abs().max() / ref.abs().max()).item()))
        print(setting, "vs fp32:", ", ".join(figures))
    torch.save(init, os.path.join(out_dir, "resnet_small_init.pt"))
    torch.save(out, os.path.join(out_dir, "resnet_small_step.pt"))
    with open(marker, "w") as f:
        f.write(FORMAT_VERSION + "\n")
    print("torch", torch.__version__, "->", out_dir)


if __name__ == "__main__":
    main()
