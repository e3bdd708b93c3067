"""Golden files for RepBench's ResNet parity test, computed by torchvision.

Usage: /usr/bin/python3 make_resnet_golden.py OUTPUT_FOLDER

For each of resnet18 and resnet50 (torchvision, 1000-class fc) it writes:
  <arch>.pt        torch.save(model.state_dict()), an OrderedDict as PyTorch users save it
                   (random init, BN affine perturbed, BN running stats from a few train-mode passes)
  <arch>_io.pt     {input, block1..block5, embedding, logits} of an eval-mode forward pass
  <arch>_keys.txt  the state_dict keys in order, one per line
  <arch>_init.pt   a few tensors of the freshly built model under torch.manual_seed(INIT_SEED),
                   to check that RepBench draws its random init as torchvision does
and last GOLDEN_COMPLETE holding FORMAT_VERSION, so a reader can tell a finished set from a partial one.
block1 is the stem (conv1, bn1, relu) before max-pool; block2..block5 are layer1..layer4.
"""
import os
import sys

import torch
import torchvision

FORMAT_VERSION = "3"
INIT_SEED = 1234
INPUT_SHAPE = (2, 3, 64, 64)
TRAIN_PASSES = 5


def blocks_and_outputs(model, x):
    """Re-runs torchvision's ResNet.forward stage by stage to expose the five blocks."""
    stem = model.relu(model.bn1(model.conv1(x)))
    b2 = model.layer1(model.maxpool(stem))
    b3 = model.layer2(b2)
    b4 = model.layer3(b3)
    b5 = model.layer4(b4)
    embedding = torch.flatten(model.avgpool(b5), 1)
    logits = model.fc(embedding)
    reference = model(x)
    assert torch.equal(reference, logits), "stage-by-stage forward differs from model(x)"
    return {"block1": stem, "block2": b2, "block3": b3, "block4": b4, "block5": b5,
            "embedding": embedding, "logits": logits}


def make(arch, out_dir):
    factory = getattr(torchvision.models, arch)
    torch.manual_seed(INIT_SEED)
    model = factory(weights=None)
    initial = model.state_dict()
    torch.save({k: initial[k].clone() for k in
                ("conv1.weight", "layer1.0.conv1.weight", "layer4.1.conv2.weight", "fc.weight", "fc.bias")},
               os.path.join(out_dir, arch + "_init.pt"))

    # Non-trivial BN: affine parameters away from 1/0 (catches swapped weight/bias) and running statistics
    # learnt from a few training-mode passes (catches eval mode reading batch statistics).
    torch.manual_seed(INIT_SEED + 1)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)
        model.train()
        for _ in range(TRAIN_PASSES):
            model(torch.randn(4, *INPUT_SHAPE[1:]))
    model.eval()

    torch.save(model.state_dict(), os.path.join(out_dir, arch + ".pt"))
    with open(os.path.join(out_dir, arch + "_keys.txt"), "w") as keys:
        keys.write("\n".join(model.state_dict().keys()) + "\n")

    torch.manual_seed(INIT_SEED + 2)
    x = torch.randn(*INPUT_SHAPE)
    with torch.no_grad():
        outputs = blocks_and_outputs(model, x)
    torch.save({"input": x, **outputs}, os.path.join(out_dir, arch + "_io.pt"))


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_resnet_golden.py OUTPUT_FOLDER")
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    marker = os.path.join(out_dir, "GOLDEN_COMPLETE")
    if os.path.exists(marker):
        os.remove(marker)
    torch.set_num_threads(2)
    for arch in ("resnet18", "resnet50"):
        make(arch, out_dir)
    with open(marker, "w") as f:
        f.write(FORMAT_VERSION + "\n")
    print("torch", torch.__version__, "torchvision", torchvision.__version__, "->", out_dir)


if __name__ == "__main__":
    main()
