"""One MoCo v2 training step in PyTorch, timed: the reference side of MocoStepBenchmark.

The same step as RepBench's MocoMethod, without augmentation: torchvision's ResNet-18 adapted like RepBench's
resnet18-small (3x3 stride-1 stem, no max-pool) or its ResNet-50 (--arch), the MLP head (hidden 2048, 128 out),
query and key encoders run in groups (shuffled batch norm emulated on one device, the keys' groups drawn from a
random permutation), the InfoNCE loss against a queue of 65,536 keys, an SGD step (lr 0.03, momentum 0.9, weight decay 1e-4), the key
encoder's momentum update and the enqueue. Inputs are fixed random images, on --device (cpu or cuda:N). Prints one
JSON object. Where torchvision is not installed (a GPU machine may have torch alone) its ResNet is defined here.
"""
import argparse
import copy
import json
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def resnet(arch, num_classes):
    """torchvision's ResNet-18 or -50; its own definition where torchvision is not installed (a GPU machine
    may have torch alone), the same layers and shapes, so the step costs the same."""
    try:
        import torchvision
        return getattr(torchvision.models, arch)(num_classes=num_classes), True
    except ImportError:
        return TorchvisionResNet(arch, num_classes), False


class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, inplanes, width, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, width, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.conv2 = nn.Conv2d(width, width, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(width)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = shortcut(inplanes, width, stride)

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        return self.relu(self.bn2(self.conv2(out)) + identity)


class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, inplanes, width, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, width, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.conv2 = nn.Conv2d(width, width, 3, stride, 1, bias=False)  # v1.5: the stride on the 3x3
        self.bn2 = nn.BatchNorm2d(width)
        self.conv3 = nn.Conv2d(width, width * 4, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(width * 4)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = shortcut(inplanes, width * 4, stride)

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        return self.relu(self.bn3(self.conv3(out)) + identity)


def shortcut(inplanes, planes, stride):
    if stride == 1 and inplanes == planes:
        return None
    return nn.Sequential(nn.Conv2d(inplanes, planes, 1, stride, bias=False), nn.BatchNorm2d(planes))


class TorchvisionResNet(nn.Module):
    def __init__(self, arch, num_classes):
        super().__init__()
        block, counts = {"resnet18": (BasicBlock, [2, 2, 2, 2]), "resnet50": (Bottleneck, [3, 4, 6, 3])}[arch]
        self.conv1 = nn.Conv2d(3, 64, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        inplanes = 64
        for stage, (width, count) in enumerate(zip([64, 128, 256, 512], counts)):
            blocks = []
            for i in range(count):
                blocks.append(block(inplanes, width, 2 if i == 0 and stage > 0 else 1))
                inplanes = width * block.expansion
            setattr(self, "layer%d" % (stage + 1), nn.Sequential(*blocks))
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(inplanes, num_classes)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(self.avgpool(x), 1))


def encoder(arch, feature_dim, hidden_dim):
    net, _ = resnet("resnet50" if arch == "resnet50" else "resnet18", feature_dim)
    if arch == "resnet18-small":
        net.conv1 = nn.Conv2d(3, 64, kernel_size=3, stride=1, padding=1, bias=False)
        net.maxpool = nn.Identity()
    net.fc = nn.Sequential(nn.Linear(net.fc.in_features, hidden_dim), nn.ReLU(), nn.Linear(hidden_dim, feature_dim))
    return net


def in_groups(net, images, groups):
    return torch.cat([F.normalize(net(chunk), dim=1) for chunk in images.chunk(groups)])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--side", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--queue", type=int, default=65536)
    parser.add_argument("--groups", type=int, default=4)
    parser.add_argument("--hidden", type=int, default=2048)
    parser.add_argument("--arch", choices=["resnet18-small", "resnet50"], default="resnet18-small")
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args()
    device = torch.device(args.device)

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    feature_dim, momentum, temperature = 128, 0.999, 0.2
    query = encoder(args.arch, feature_dim, args.hidden).to(device)
    key = copy.deepcopy(query)
    for p in key.parameters():
        p.requires_grad = False
    queue = F.normalize(torch.randn(args.queue, feature_dim), dim=1).to(device)
    pointer = 0
    optimizer = torch.optim.SGD(query.parameters(), lr=0.03, momentum=0.9, weight_decay=1e-4)
    views = torch.rand(2, args.batch, 3, args.side, args.side).to(device)

    def step():
        nonlocal pointer
        optimizer.zero_grad()
        q = in_groups(query, views[0], args.groups)
        with torch.no_grad():
            permutation = torch.randperm(args.batch, device=device)
            k = in_groups(key, views[1][permutation], args.groups)[torch.argsort(permutation)]
        logits = torch.cat([(q * k).sum(1, keepdim=True), q @ queue.t()], dim=1) / temperature
        loss = F.cross_entropy(logits, torch.zeros(args.batch, dtype=torch.long, device=device))
        loss.backward()
        optimizer.step()
        with torch.no_grad():
            for pk, pq in zip(key.parameters(), query.parameters()):
                pk.mul_(momentum).add_(pq, alpha=1 - momentum)
            queue[pointer:pointer + args.batch] = k
            pointer = (pointer + args.batch) % args.queue
        return loss.item()

    def synchronize():
        if device.type == "cuda":
            torch.cuda.synchronize(device)  # CUDA queues kernels: time them, not their queueing

    for _ in range(args.warmup):
        step()
    synchronize()
    start = time.perf_counter()
    for _ in range(args.steps):
        step()
    synchronize()
    seconds = time.perf_counter() - start
    print(json.dumps({
        "images_per_second": args.batch * args.steps / seconds,
        "seconds_per_step": seconds / args.steps,
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "device": str(device),
        "arch": args.arch,
    }))


if __name__ == "__main__":
    main()
