"""One MoCo v2 training step in PyTorch, timed: the reference side of MocoStepBenchmark.

The same step as RepBench's MocoMethod, without augmentation: torchvision's ResNet-18 adapted like RepBench's
resnet18-small (3x3 stride-1 stem, no max-pool), or its ResNet-18 or ResNet-50 (--arch), the MLP head (hidden 2048, 128 out),
query and key encoders run in groups (shuffled batch norm emulated on one device, the keys' groups drawn from a
random permutation), the InfoNCE loss against a queue of 65,536 keys, an SGD step (lr 0.03, momentum 0.9, weight decay 1e-4), the key
encoder's momentum update and the enqueue. Inputs are fixed random images, on --device (cpu or cuda:N). Prints one
JSON object. The ResNet comes from torchvision_resnet.py (the plugin kit's), extracted beside this script.
"""
import argparse
import copy
import json
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from torchvision_resnet import resnet


def encoder(arch, feature_dim, hidden_dim):
    net, _ = resnet(arch, feature_dim)
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
    parser.add_argument("--arch", choices=["resnet18", "resnet18-small", "resnet50"], default="resnet18-small")
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
