"""Prints the parameter counts of torchvision_resnet.resnet(arch, 1000) as JSON, through torchvision and through the
module's own definition (torchvision hidden), for PyTorchScriptTest."""
import json
import sys

import torchvision_resnet

counts = {}
for arch in ("resnet18", "resnet50", "resnet18-small"):
    model, _ = torchvision_resnet.resnet(arch, 1000)
    counts[arch] = sum(p.numel() for p in model.parameters())
sys.modules["torchvision"] = None  # import torchvision now raises ImportError: the fallback definition
for arch in ("resnet18", "resnet50", "resnet18-small"):
    model, has_torchvision = torchvision_resnet.resnet(arch, 1000)
    assert not has_torchvision
    counts[arch + " without torchvision"] = sum(p.numel() for p in model.parameters())
print(json.dumps(counts))
