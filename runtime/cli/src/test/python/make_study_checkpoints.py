"""Writes one torchvision ResNet-18 (seeded random init, BN statistics moved) as the study's encoders ship it,
once per checkpoint layout, plus PyTorch's pooled embedding for a seeded input.

Usage: /usr/bin/python3 make_study_checkpoints.py OUTPUT_FOLDER

  torchvision.pth     plain model.state_dict() (an OrderedDict), with the classifier fc
  data_parallel.pth   the same under 'module.' (nn.DataParallel / DDP)
  moco.pth.tar        main_moco.py: {'epoch','arch','state_dict': {'module.encoder_q.*' with an MLP head,
                      'module.encoder_k.*', 'module.queue', 'module.queue_ptr'}, 'optimizer'}
  swav.pth            'module.*' trunk with 'projection_head.*' and 'prototypes.weight'
  vissl.torch         {'classy_state_dict': {'base_model': {'model': {'trunk': {'_feature_blocks.*'}, 'heads': ...}}}}
  input.f32, embedding.f32, index.json   a 2x3x64x64 input and the model's avg-pooled features for it
"""
import json
import pathlib
import sys
from collections import OrderedDict

import torch
import torchvision


def main():
    out = pathlib.Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(7)
    model = torchvision.models.resnet18()
    model.train()
    with torch.no_grad():
        for _ in range(2):
            model(torch.randn(4, 3, 64, 64))
    model.eval()
    trunk = OrderedDict((k, v) for k, v in model.state_dict().items())
    encoder = OrderedDict((k, v) for k, v in trunk.items() if not k.startswith("fc."))

    torch.save(model.state_dict(), out / "torchvision.pth")
    torch.save(OrderedDict(("module." + k, v) for k, v in trunk.items()), out / "data_parallel.pth")

    moco = OrderedDict()
    for k, v in encoder.items():
        moco["module.encoder_q." + k] = v
    moco["module.encoder_q.fc.0.weight"] = torch.randn(512, 512)
    moco["module.encoder_q.fc.0.bias"] = torch.randn(512)
    moco["module.encoder_q.fc.2.weight"] = torch.randn(128, 512)
    moco["module.encoder_q.fc.2.bias"] = torch.randn(128)
    for k, v in encoder.items():
        moco["module.encoder_k." + k] = v + 1
    moco["module.queue"] = torch.randn(128, 64)
    moco["module.queue_ptr"] = torch.zeros(1, dtype=torch.long)
    torch.save({"epoch": 200, "arch": "resnet18", "state_dict": moco,
                "optimizer": {"state": {}, "param_groups": [{"lr": 0.03, "momentum": 0.9}]}}, out / "moco.pth.tar")

    swav = OrderedDict(("module." + k, v) for k, v in encoder.items())
    swav["module.projection_head.0.weight"] = torch.randn(2048, 512)
    swav["module.projection_head.0.bias"] = torch.randn(2048)
    swav["module.prototypes.weight"] = torch.randn(3000, 128)
    torch.save(swav, out / "swav.pth")

    blocks = OrderedDict(("_feature_blocks." + k, v) for k, v in encoder.items())
    torch.save({"classy_state_dict": {"base_model": {"model": {
        "trunk": blocks, "heads": OrderedDict([("0.clf.0.weight", torch.randn(1000, 512))])}}},
        "phase_idx": 3, "iteration": 1000}, out / "vissl.torch")

    x = torch.randn(2, 3, 64, 64)
    with torch.no_grad():
        f = model
        h = f.maxpool(f.relu(f.bn1(f.conv1(x))))
        h = f.layer4(f.layer3(f.layer2(f.layer1(h))))
        embedding = torch.flatten(f.avgpool(h), 1)
    x.numpy().astype("<f4").tofile(out / "input.f32")
    embedding.numpy().astype("<f4").tofile(out / "embedding.f32")
    (out / "index.json").write_text(json.dumps({
        "layouts": {"torchvision.pth": "torchvision", "data_parallel.pth": "data-parallel", "moco.pth.tar": "moco",
                    "swav.pth": "data-parallel", "vissl.torch": "vissl"},
        "input_shape": list(x.shape), "embedding_shape": list(embedding.shape)}, indent=1))


if __name__ == "__main__":
    main()
