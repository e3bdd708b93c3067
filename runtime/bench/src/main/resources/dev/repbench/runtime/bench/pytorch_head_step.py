"""The PyTorch baseline of `repbench bench heads`: one training step of a pixelwise head on random block pyramids,
timed in PyTorch on the same libtorch as RepBench (Debian's python3-torch here).

Usage: python3 pytorch_head_step.py HEAD CHANNELS STRIDES SIZE BATCH THREADS WARMUP STEPS PRECISION
HEAD is deeplabv3plus (11 classes, pixelwise cross-entropy), unet (1 channel, L1) or siamese-unet (two frames'
pyramids, 2 channels, L1). CHANNELS and STRIDES list the blocks finest first, comma-separated (a ResNet-18 at
stride 2..32: 64,64,128,256,512 and 2,4,8,16,32). PRECISION is fp32 (NCHW) or bf16 (the head and the blocks
channels-last, the forward under torch.autocast('cpu', torch.bfloat16), the loss in float32), as RepBench's pixelwise
protocol runs them. Adam at 3e-4. The heads are written here from their descriptions in RepBench's
DeepLabV3PlusHead, UNetHead and SiameseUNetHead (same layers, widths and order). Prints one JSON object:
{"step_seconds": [...], "torch": version, "threads": n, "head": ..., "precision": ..., "parameters": n}.
"""
import json
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

from step_timing import timed_steps


def conv_bn_relu(cin, cout, kernel, dilation=1):
    return nn.Sequential(nn.Conv2d(cin, cout, kernel, padding=dilation * (kernel - 1) // 2, dilation=dilation, bias=False),
                         nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


def resize(x, height, width):
    if x.shape[2] == height and x.shape[3] == width:
        return x
    return F.interpolate(x, size=(height, width), mode="bilinear", align_corners=False)


class Aspp(nn.Module):
    def __init__(self, cin, width=256, rates=(6, 12, 18)):
        super().__init__()
        self.pointwise = conv_bn_relu(cin, width, 1)
        self.atrous = nn.ModuleList([conv_bn_relu(cin, width, 3, r) for r in rates])
        self.pooling = conv_bn_relu(cin, width, 1)
        self.project = conv_bn_relu((len(rates) + 2) * width, width, 1)

    def forward(self, x):
        branches = [self.pointwise(x)] + [a(x) for a in self.atrous]
        pooled = self.pooling(F.adaptive_avg_pool2d(x, 1))
        branches.append(resize(pooled, x.shape[2], x.shape[3]))
        return self.project(torch.cat(branches, 1))


class DeepLabV3Plus(nn.Module):
    def __init__(self, channels, strides, classes):
        super().__init__()
        # the low-level block: the coarsest at least 8x finer than the last, else block 1
        self.low = 0
        for k in range(len(strides) - 1):
            if strides[k] * 8 <= strides[-1]:
                self.low = k
        self.aspp = Aspp(channels[-1])
        self.reduce = conv_bn_relu(channels[self.low], 48, 1)
        self.refine = nn.Sequential(conv_bn_relu(256 + 48, 256, 3), conv_bn_relu(256, 256, 3))
        self.classifier = nn.Conv2d(256, classes, 1)

    def forward(self, blocks, height, width):
        low = blocks[self.low]
        context = resize(self.aspp(blocks[-1]), low.shape[2], low.shape[3])
        joined = torch.cat([context, self.reduce(low)], 1)
        return resize(self.classifier(self.refine(joined)), height, width)


class UNet(nn.Module):
    def __init__(self, channels, strides, outputs):
        super().__init__()
        self.strides = strides
        self.up = nn.ModuleList([nn.Conv2d(channels[k + 1], channels[k] * (strides[k + 1] // strides[k]) ** 2, 3, padding=1)
                                 for k in range(len(channels) - 1)])
        self.out = nn.Conv2d(channels[0], outputs * strides[0] ** 2, 3, padding=1)

    def forward(self, blocks, height, width):
        x = blocks[-1]
        for k in range(len(blocks) - 2, -1, -1):
            skip = blocks[k]
            shuffled = F.pixel_shuffle(self.up[k](x), self.strides[k + 1] // self.strides[k])
            x = resize(F.leaky_relu(shuffled, 0.01), skip.shape[2], skip.shape[3]) + skip
        return resize(F.pixel_shuffle(self.out(x), self.strides[0]), height, width)


class SiameseUNet(nn.Module):
    def __init__(self, channels, strides, outputs):
        super().__init__()
        self.fuse = nn.ModuleList([nn.Conv2d(2 * c, c, 1) for c in channels])
        self.decoder = UNet(channels, strides, outputs)

    def forward(self, first, second, height, width):
        fused = [f(torch.cat([a, b], 1)) for f, a, b in zip(self.fuse, first, second)]
        return self.decoder(fused, height, width)


def main():
    head_name, channels, strides, size, batch, threads, warmup, steps, precision = sys.argv[1:10]
    channels = [int(c) for c in channels.split(",")]
    strides = [int(s) for s in strides.split(",")]
    size, batch, threads, warmup, steps = int(size), int(batch), int(threads), int(warmup), int(steps)
    if precision not in ("fp32", "bf16"):
        raise SystemExit("precision is fp32 or bf16, got " + precision)
    bf16 = precision == "bf16"
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    frames = 2 if head_name == "siamese-unet" else 1
    if head_name == "deeplabv3plus":
        head = DeepLabV3Plus(channels, strides, 11)
        target = torch.randint(0, 11, (batch, size, size))
        loss_of = lambda out: F.cross_entropy(out, target, ignore_index=255)
    elif head_name == "unet":
        head = UNet(channels, strides, 1)
        target = torch.rand(batch, 1, size, size) + 0.1
        loss_of = lambda out: (out - target).abs().mean()
    elif head_name == "siamese-unet":
        head = SiameseUNet(channels, strides, 2)
        target = torch.randn(batch, 2, size, size)
        loss_of = lambda out: (out - target).abs().mean()
    else:
        raise SystemExit("head is deeplabv3plus, unet or siamese-unet, got " + head_name)
    pyramids = [[torch.randn(batch, c, -(-size // s), -(-size // s)) for c, s in zip(channels, strides)]
                for _ in range(frames)]
    if bf16:
        head = head.to(memory_format=torch.channels_last)
        pyramids = [[b.contiguous(memory_format=torch.channels_last) for b in p] for p in pyramids]
    head.train()
    optimizer = torch.optim.Adam(head.parameters(), lr=3e-4)

    def step():
        optimizer.zero_grad(set_to_none=True)
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            out = head(*pyramids, size, size)
        loss_of(out.float()).backward()
        optimizer.step()

    times = timed_steps(step, warmup, steps)
    print(json.dumps({"step_seconds": times, "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "head": head_name, "precision": precision,
                      "parameters": sum(p.numel() for p in head.parameters())}))


if __name__ == "__main__":
    main()
