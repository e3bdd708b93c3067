"""Reference values for the kit's augmentation tests, from torchvision.transforms.functional.

Usage: make_augment_golden.py OUT_FOLDER  (writes OUT_FOLDER/augment.json, then the marker AUGMENT_COMPLETE)

The input batch is a formula both sides compute exactly: value(b, c, y, x) = ((31b + 17c + 7y + 3x) mod 23) / 22
in float32, shape [2, 3, 9, 9]. Each operation is applied image by image with that image's factor.
"""
import json
import os
import sys

import torch
import torchvision.transforms.functional as F

FORMAT_VERSION = "1"


def batch():
    b, c, y, x = torch.meshgrid(torch.arange(2), torch.arange(3), torch.arange(9), torch.arange(9), indexing="ij")
    return ((31 * b + 17 * c + 7 * y + 3 * x) % 23).to(torch.float32) / 22


def per_image(fn, images, factors):
    return torch.stack([fn(images[i], factors[i]) for i in range(images.shape[0])])


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    images = batch()
    golden = {
        "brightness": {"factors": [0.7, 1.3]},
        "contrast": {"factors": [0.5, 1.6]},
        "saturation": {"factors": [0.2, 1.8]},
        "blur": {"sigmas": [0.8, 1.5], "kernel": 5},
    }
    golden["brightness"]["values"] = per_image(F.adjust_brightness, images, golden["brightness"]["factors"]).flatten().tolist()
    golden["contrast"]["values"] = per_image(F.adjust_contrast, images, golden["contrast"]["factors"]).flatten().tolist()
    golden["saturation"]["values"] = per_image(F.adjust_saturation, images, golden["saturation"]["factors"]).flatten().tolist()
    golden["grayscale"] = {"values": F.rgb_to_grayscale(images, num_output_channels=3).flatten().tolist()}
    k = golden["blur"]["kernel"]
    golden["blur"]["values"] = per_image(lambda img, s: F.gaussian_blur(img, [k, k], [s, s]), images,
                                         golden["blur"]["sigmas"]).flatten().tolist()
    with open(os.path.join(out, "augment.json"), "w") as f:
        json.dump(golden, f)
    with open(os.path.join(out, "AUGMENT_COMPLETE"), "w") as f:
        f.write(FORMAT_VERSION)


if __name__ == "__main__":
    main()
