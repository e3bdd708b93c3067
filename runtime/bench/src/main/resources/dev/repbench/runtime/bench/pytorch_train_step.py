"""The PyTorch baseline of `repbench bench torch`: one ResNet training step (forward, cross-entropy,
backward, SGD with momentum) timed in Debian's PyTorch, which links the same libtorch and BLAS as RepBench.

Usage: /usr/bin/python3 pytorch_train_step.py ARCH BATCH SIZE THREADS WARMUP STEPS CHANNELS_LAST(0|1) [PRECISION]
ARCH is a torchvision ResNet name or resnet18-small (RepBench's small-image ResNet-18: a 3x3 stride-1 stem and no
max-pool); PRECISION is fp32 (the default) or bf16 (forward and loss under torch.autocast("cpu", torch.bfloat16),
the backward and the optimiser outside it, as PyTorch's recipe and RepBench's loop do).
Prints one JSON object: {"step_seconds": [...], "torch": version, "threads": n}.
"""
import json
import sys
import time

import torch
import torch.nn.functional as F
import torchvision


def main():
    arch, batch, size, threads, warmup, steps, channels_last = sys.argv[1:8]
    bf16 = len(sys.argv) > 8 and sys.argv[8] == "bf16"
    batch, size, threads, warmup, steps = int(batch), int(size), int(threads), int(warmup), int(steps)
    channels_last = channels_last == "1"
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    if arch == "resnet18-small":
        model = torchvision.models.resnet18(num_classes=1000)
        model.conv1 = torch.nn.Conv2d(3, 64, kernel_size=3, stride=1, padding=1, bias=False)
        model.maxpool = torch.nn.Identity()
    else:
        model = getattr(torchvision.models, arch)(num_classes=1000)
    model.train()
    x = torch.randn(batch, 3, size, size)
    y = torch.randint(0, 1000, (batch,))
    if channels_last:
        model = model.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)

    def step():
        optimizer.zero_grad(set_to_none=True)
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        return loss.item()

    for _ in range(warmup):
        step()
    times = []
    for _ in range(steps):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    print(json.dumps({"step_seconds": times, "torch": torch.__version__, "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
