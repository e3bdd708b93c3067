"""The block layouts of RepBench's built-in architectures, measured on torchvision's networks.

Usage: /usr/bin/python3 make_architecture_layouts.py OUTPUT_FOLDER

Writes OUTPUT_FOLDER/layouts.json: for resnet18, resnet50 and resnet18-small, the input side the network is meant
for, the width of the pooled embedding, and for each of block1..block5 (block1 the stem conv1-bn1-relu before
max-pool, block2..block5 layer1..layer4) its channels and stride, read off a forward pass on a square input of that
side. resnet18-small is torchvision's resnet18 with the usual small-image change (conv1 a 3x3 stride-1 convolution,
no max-pool); its side, 32, is that of the small images it is made for (CIFAR). torchvision's ImageNet side comes
from its weights' published preprocessing (crop 224). Last, LAYOUTS_COMPLETE holds FORMAT_VERSION.
"""
import json
import os
import sys

import torch
import torchvision

FORMAT_VERSION = "1"
SMALL_SIDE = 32


def small_resnet18():
    model = torchvision.models.resnet18()
    model.conv1 = torch.nn.Conv2d(3, 64, kernel_size=3, stride=1, padding=1, bias=False)
    model.maxpool = torch.nn.Identity()
    return model


def layout(model, side):
    model.eval()
    x = torch.zeros(1, 3, side, side)
    with torch.no_grad():
        stem = model.relu(model.bn1(model.conv1(x)))
        blocks = [stem]
        y = model.maxpool(stem)
        for stage in (model.layer1, model.layer2, model.layer3, model.layer4):
            y = stage(y)
            blocks.append(y)
        embedding = torch.flatten(model.avgpool(y), 1)
    return {
        "input_side": side,
        "embedding_dim": int(embedding.shape[1]),
        "blocks": [{"channels": int(b.shape[1]), "stride": side // int(b.shape[2])} for b in blocks],
    }


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_architecture_layouts.py OUTPUT_FOLDER")
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    marker = os.path.join(out_dir, "LAYOUTS_COMPLETE")
    if os.path.exists(marker):
        os.remove(marker)
    imagenet_side = torchvision.models.ResNet18_Weights.IMAGENET1K_V1.transforms().crop_size[0]
    assert imagenet_side == torchvision.models.ResNet50_Weights.IMAGENET1K_V1.transforms().crop_size[0]
    layouts = {
        "resnet18": layout(torchvision.models.resnet18(), imagenet_side),
        "resnet50": layout(torchvision.models.resnet50(), imagenet_side),
        "resnet18-small": layout(small_resnet18(), SMALL_SIDE),
    }
    with open(os.path.join(out_dir, "layouts.json"), "w") as f:
        json.dump(layouts, f, indent=1)
    with open(marker, "w") as f:
        f.write(FORMAT_VERSION + "\n")
    print("torch", torch.__version__, "torchvision", torchvision.__version__, "->", out_dir)


if __name__ == "__main__":
    main()
