"""The PyTorch baseline of `repbench bench features`: a torchvision ResNet in eval mode under no_grad,
forward passes on a fixed random batch, timed in Debian's PyTorch (eager mode). ARCH is resnet18, resnet50 or
resnet18-small, from torchvision_resnet.py (the plugin kit's), extracted beside this script.

Usage: /usr/bin/python3 pytorch_inference.py ARCH BATCH SIZE THREADS WARMUP STEPS
Prints one JSON object: {"step_seconds": [...], "torch": version, "threads": n}.
"""
import json
import sys
import time

import torch

from torchvision_resnet import resnet


def main():
    arch, batch, size, threads, warmup, steps = sys.argv[1:7]
    batch, size, threads, warmup, steps = int(batch), int(size), int(threads), int(warmup), int(steps)
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(0)
    model, _ = resnet(arch, 1000)
    model.eval()
    x = torch.randn(batch, 3, size, size)
    seconds = []
    with torch.no_grad():
        for i in range(warmup + steps):
            start = time.perf_counter()
            model(x)
            if i >= warmup:
                seconds.append(time.perf_counter() - start)
    print(json.dumps({"step_seconds": seconds, "torch": torch.__version__, "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
