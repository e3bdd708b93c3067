"""External ONNX encoders for RepBench's import tests, exported by torch.onnx.export as a user would.

Usage: /usr/bin/python3 make_external_onnx.py OUTPUT_FOLDER

Writes:
  resnet18.onnx, resnet50.onnx  torchvision ResNets (seeded random init, BN affine terms and running statistics
                                made non-trivial, eval mode) with their 1000-class fc, opset 17, input "input"
                                [batch, 3, 64, 64] with a dynamic batch axis, output "logits"
  pyramid.onnx                  a small plain conv net (no residual units): five ReLU levels at strides 2..32,
                                global average pool, flatten, fc; input "input" with dynamic batch and spatial axes
  pyramid.encoder.json          the tensor names of pyramid.onnx's five levels and its embedding, for import
  checkpoint.pt                 a torch.save zip of pyramid's state dict (not an ONNX file)
  <model>.input.f32             the seeded input, float32 little-endian, row-major
  <model>.<output>.f32          PyTorch's embedding and block1..block5 for that input
  index.json                    per model: onnx file, input and outputs as {file, shape}
and last COMPLETE holding FORMAT_VERSION, so a reader can tell a finished set from a partial one.
block1 is the stem (conv1, bn1, relu) before max-pool; block2..block5 are layer1..layer4; embedding is the
flattened global average pool, the input of fc.
"""
import json
import os
import sys

import torch
import torchvision

FORMAT_VERSION = "1"
OPSET = 17  # the highest torch 1.13's exporter supports
SEED = 4321
INPUT_SHAPE = (2, 3, 64, 64)


class Pyramid(torch.nn.Module):
    """Five conv + ReLU levels, each halving the resolution (the second by max-pool), then pool, flatten, fc."""

    def __init__(self):
        super().__init__()
        self.stem = torch.nn.Conv2d(3, 8, 3, stride=2, padding=1)
        self.pool = torch.nn.MaxPool2d(2)
        self.level2 = torch.nn.Conv2d(8, 12, 3, padding=1)
        self.level3 = torch.nn.Conv2d(12, 16, 3, stride=2, padding=1)
        self.level4 = torch.nn.Conv2d(16, 20, 3, stride=2, padding=1)
        self.level5 = torch.nn.Conv2d(20, 24, 3, stride=2, padding=1)
        self.fc = torch.nn.Linear(24, 10)

    def levels(self, x):
        b1 = torch.relu(self.stem(x))
        b2 = torch.relu(self.level2(self.pool(b1)))
        b3 = torch.relu(self.level3(b2))
        b4 = torch.relu(self.level4(b3))
        b5 = torch.relu(self.level5(b4))
        embedding = torch.flatten(torch.nn.functional.adaptive_avg_pool2d(b5, 1), 1)
        return {"block1": b1, "block2": b2, "block3": b3, "block4": b4, "block5": b5, "embedding": embedding}

    def forward(self, x):
        return self.fc(self.levels(x)["embedding"])


def resnet_outputs(model, x):
    """Re-runs torchvision's ResNet.forward stage by stage to expose the five blocks and the embedding."""
    stem = model.relu(model.bn1(model.conv1(x)))
    b2 = model.layer1(model.maxpool(stem))
    b3 = model.layer2(b2)
    b4 = model.layer3(b3)
    b5 = model.layer4(b4)
    embedding = torch.flatten(model.avgpool(b5), 1)
    assert torch.equal(model.fc(embedding), model(x)), "stage-by-stage forward differs from model(x)"
    return {"block1": stem, "block2": b2, "block3": b3, "block4": b4, "block5": b5, "embedding": embedding}


def perturb_batch_norms(model):
    """BN affine terms away from 1/0 and running statistics away from 0/1: a graph ignoring any would differ."""
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            with torch.no_grad():
                m.weight.copy_(1 + 0.2 * torch.randn_like(m.weight))
                m.bias.copy_(0.2 * torch.randn_like(m.bias))
                m.running_mean.copy_(0.1 * torch.randn_like(m.running_mean))
                m.running_var.copy_(0.5 + torch.rand_like(m.running_var))


def write_f32(path, tensor):
    array = tensor.detach().contiguous().to(torch.float32).numpy()
    with open(path, "wb") as f:
        f.write(array.astype("<f4").tobytes())


def export(name, model, outputs_of, dynamic_axes, out_dir, index):
    model.eval()
    x = torch.randn(*INPUT_SHAPE)
    onnx_file = name + ".onnx"
    torch.onnx.export(model, x, os.path.join(out_dir, onnx_file), opset_version=OPSET,
                      input_names=["input"], output_names=["logits"], dynamic_axes=dynamic_axes)
    with torch.no_grad():
        outputs = outputs_of(model, x)
    entry = {"onnx": onnx_file, "input": {"file": name + ".input.f32", "shape": list(x.shape)}, "outputs": {}}
    write_f32(os.path.join(out_dir, entry["input"]["file"]), x)
    for key, value in outputs.items():
        file = name + "." + key + ".f32"
        write_f32(os.path.join(out_dir, file), value)
        entry["outputs"][key] = {"file": file, "shape": list(value.shape)}
    index[name] = entry


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    marker = os.path.join(out_dir, "COMPLETE")
    if os.path.exists(marker):
        os.remove(marker)
    torch.manual_seed(SEED)
    index = {}
    batch_only = {"input": {0: "batch"}, "logits": {0: "batch"}}
    for arch in ("resnet18", "resnet50"):
        model = getattr(torchvision.models, arch)(weights=None)
        perturb_batch_norms(model)
        export(arch, model, resnet_outputs, batch_only, out_dir, index)

    pyramid = Pyramid()
    export("pyramid", pyramid, lambda m, x: m.levels(x),
           {"input": {0: "batch", 2: "height", 3: "width"}, "logits": {0: "batch"}}, out_dir, index)
    # The names torch 1.13 gives the ReLU outputs (scoped by module; the functional ReLUs are numbered) and the
    # flatten output feeding fc.
    names = {"block1": "/Relu_output_0", "block2": "/Relu_1_output_0", "block3": "/Relu_2_output_0",
             "block4": "/Relu_3_output_0", "block5": "/Relu_4_output_0", "embedding": "/Flatten_output_0"}
    with open(os.path.join(out_dir, "pyramid.encoder.json"), "w") as f:
        json.dump({"architecture": "pyramid", "outputs": names,
                   "preprocessing": {"inputSize": [64, 64]}}, f, indent=2)
    torch.save(dict(pyramid.state_dict()), os.path.join(out_dir, "checkpoint.pt"))

    with open(os.path.join(out_dir, "index.json"), "w") as f:
        json.dump(index, f, indent=2)
    with open(marker, "w") as f:
        f.write(FORMAT_VERSION + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
