"""The PyTorch baseline of `repbench bench torch`: one ResNet training step (forward, cross-entropy,
backward, SGD with momentum) timed in PyTorch on the same device and libtorch as RepBench (Debian's
python3-torch here; on a GPU machine the PyTorch whose libtorch the shim was built against).

Usage: python3 pytorch_train_step.py ARCH BATCH SIZE THREADS WARMUP STEPS CHANNELS_LAST(0|1) [DEVICE] [PRECISION]
ARCH is resnet18, resnet50 or resnet18-small (RepBench's small-image ResNet-18: a 3x3 stride-1 stem and no
max-pool). DEVICE is cpu (the default) or cuda:N. PRECISION is fp32 (the default) or bf16: forward and loss under
torch.autocast(DEVICE's type, torch.bfloat16), the backward and the optimiser outside it, as PyTorch's recipe and
RepBench's loop do. Prints one JSON object: {"step_seconds": [...], "torch": version, "threads": n,
"device": ..., "precision": ..., "torchvision": true|false}.
"""
import json
import sys

import torch
import torch.nn.functional as F

from step_timing import timed_steps
from torchvision_resnet import resnet


def main():
    arch, batch, size, threads, warmup, steps, channels_last = sys.argv[1:8]
    device = torch.device(sys.argv[8] if len(sys.argv) > 8 else "cpu")
    precision = sys.argv[9] if len(sys.argv) > 9 else "fp32"
    if precision not in ("fp32", "bf16"):
        raise SystemExit("precision is fp32 or bf16, got " + precision)
    batch, size, threads, warmup, steps = int(batch), int(size), int(threads), int(warmup), int(steps)
    channels_last = channels_last == "1"
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model, has_torchvision = resnet(arch, 1000)
    model = model.to(device)
    model.train()
    x = torch.randn(batch, 3, size, size).to(device)
    y = torch.randint(0, 1000, (batch,)).to(device)
    if channels_last:
        model = model.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)

    def step():
        optimizer.zero_grad(set_to_none=True)
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=precision == "bf16"):
            loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        if device.type == "cuda":
            torch.cuda.synchronize(device)  # CUDA queues kernels: time them, not their queueing

    times = timed_steps(step, warmup, steps)
    print(json.dumps({"step_seconds": times, "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "device": str(device), "precision": precision, "torchvision": has_torchvision}))


if __name__ == "__main__":
    main()
