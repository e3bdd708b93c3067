"""torch.save fixtures for RepBench's Java checkpoint reader, written the way PyTorch users write checkpoints.

Usage: /usr/bin/python3 make_checkpoint_fixtures.py OUTPUT_FOLDER

Writes into OUTPUT_FOLDER:
  state_dict.pt   model.state_dict() of a tiny conv net (an OrderedDict)
  one_entry.pt    a dict with a single tensor
  moco.pt         MoCo's layout: epoch, arch, state_dict under module.encoder_q./encoder_k., an SGD optimizer
                  state, and an argparse.Namespace
  swav.pt         SwAV's released layout: a state_dict with the DataParallel "module." prefix
  vissl.pt        VISSL's layout: classy_state_dict.base_model.model.trunk/heads
  legacy.pt       a MoCo-style checkpoint with shared-storage views, in the legacy (pre-1.6) format
  dtypes.pt       float16, bfloat16, float64, int64, int32, int16, int8, uint8 and bool tensors, a 0-d and an empty one
  views.pt        views sharing one storage: the base, its transpose, a row slice, a column (zip format)
  protocol4.pt    a state_dict pickled with protocol 4 (FRAME, MEMOIZE, STACK_GLOBAL, SHORT_BINUNICODE)
  holder.pt       a tensor next to an instance of a class defined here that holds a tensor
  only_holder.pt  nothing but such an instance
  sparse.pt       a sparse tensor, which the Java reader refuses by name
  plain.pkl       a pickle.dump of a dict, not a torch.save file
  runs.pt         a tensor next to an object that pickles as a call of os.system (never run by a safe reader)
  values_protocolN.pkl  plain Python values pickled with protocols 2 to 5, for the pickle machine alone
  expected.json   per file: its format and every tensor the Java reader must name, with shape, dtype and values;
                  plus the metadata the tests check
and last FIXTURES_COMPLETE holding FORMAT_VERSION.
"""
import argparse
import collections
import json
import os
import pickle
import sys

import torch

FORMAT_VERSION = "2"
SEED = 2020


class Runs:
    """Pickles as a call of os.system: a reader that runs code would create the file 'executed'."""

    def __init__(self, out_dir):
        self.out_dir = out_dir

    def __reduce__(self):
        return os.system, ("touch " + os.path.join(self.out_dir, "executed"),)


class Holder:
    """A user class around a tensor: the Java reader keeps it opaque and says so."""

    def __init__(self, tensor):
        self.tensor = tensor


def tiny_net():
    return torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3), torch.nn.BatchNorm2d(4), torch.nn.ReLU(),
                               torch.nn.Conv2d(4, 2, 1))


def trained_net():
    net = tiny_net()
    net.train()
    with torch.no_grad():
        net(torch.randn(2, 3, 5, 5))  # BN running statistics away from their initial values
    return net


def flatten(prefix, value, out):
    """The names the Java reader gives: nested dicts and lists joined with dots; other objects skipped."""
    if isinstance(value, torch.Tensor):
        out[prefix] = value
    elif isinstance(value, dict):
        for key, v in value.items():
            flatten(key if prefix == "" else prefix + "." + str(key), v, out)
    elif isinstance(value, (list, tuple)):
        for k, v in enumerate(value):
            flatten(str(k) if prefix == "" else prefix + "." + str(k), v, out)
    return out


def describe(t):
    return {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""),
            "values": t.detach().double().flatten().tolist()}


def save(out_dir, expected, name, obj, legacy=False, **options):
    path = os.path.join(out_dir, name)
    torch.save(obj, path, _use_new_zipfile_serialization=not legacy, **options)
    reloaded = torch.load(path)  # what PyTorch itself reads back is the reference
    tensors = flatten("", reloaded, collections.OrderedDict())
    expected[name] = {"format": "legacy" if legacy else "zip",
                      "tensors": [dict(name=k, **describe(t)) for k, t in tensors.items()]}


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_checkpoint_fixtures.py OUTPUT_FOLDER")
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    marker = os.path.join(out_dir, "FIXTURES_COMPLETE")
    if os.path.exists(marker):
        os.remove(marker)
    torch.manual_seed(SEED)
    expected = {}

    save(out_dir, expected, "state_dict.pt", trained_net().state_dict())
    save(out_dir, expected, "one_entry.pt", {"weight": torch.randn(2, 3)})

    query, key = trained_net(), trained_net()
    query_state = query.state_dict()
    optimizer = torch.optim.SGD(query.parameters(), lr=0.03, momentum=0.9)
    query(torch.randn(2, 3, 5, 5)).sum().backward()
    optimizer.step()
    state = collections.OrderedDict()
    for k, v in query_state.items():
        state["module.encoder_q." + k] = v
    for k, v in key.state_dict().items():
        state["module.encoder_k." + k] = v
    state["module.queue"] = torch.randn(2, 8)
    moco_args = argparse.Namespace(arch="resnet50", lr=0.03, moco_k=8, moco_t=0.2, mlp=True, schedule=[120, 160])
    moco = {"epoch": 200, "arch": "resnet50", "state_dict": state, "optimizer": optimizer.state_dict(),
            "args": moco_args}
    save(out_dir, expected, "moco.pt", moco)
    expected["moco.pt"]["metadata"] = {"epoch": 200, "arch": "resnet50", "args.lr": 0.03, "args.moco_k": 8}

    swav = collections.OrderedDict(("module." + k, v) for k, v in trained_net().state_dict().items())
    swav["module.projection_head.0.weight"] = torch.randn(6, 4)
    swav["module.prototypes.weight"] = torch.randn(5, 6)
    save(out_dir, expected, "swav.pt", swav)

    vissl = {"phase_idx": 3, "iteration": 1000, "type": "ClassyStateDict",
             "classy_state_dict": {"base_model": {"model": {
                 "trunk": collections.OrderedDict(("_feature_blocks." + k, v)
                                                  for k, v in trained_net().state_dict().items()),
                 "heads": collections.OrderedDict([("0.clf.0.weight", torch.randn(3, 2))])}}}}
    save(out_dir, expected, "vissl.pt", vissl)

    base = torch.arange(24, dtype=torch.float32).reshape(4, 6)
    legacy = {"epoch": 7, "arch": "resnet18", "args": moco_args,
              "state_dict": collections.OrderedDict([("module.encoder_q.fc.weight", base),
                                                     ("module.encoder_q.fc.weight_t", base.t()),
                                                     ("module.encoder_q.rows", base[1:3]),
                                                     ("module.encoder_q.bn.num_batches_tracked", torch.tensor(5)),
                                                     ("module.encoder_q.half", torch.randn(3).half())])}
    save(out_dir, expected, "legacy.pt", legacy, legacy=True)
    expected["legacy.pt"]["metadata"] = {"epoch": 7, "arch": "resnet18", "args.lr": 0.03, "args.moco_k": 8}

    save(out_dir, expected, "dtypes.pt", collections.OrderedDict([
        ("float16", torch.randn(2, 3).half()),
        ("bfloat16", torch.randn(4).bfloat16()),
        ("float64", torch.randn(3, 2, dtype=torch.float64)),
        ("int64", torch.tensor([[-(2 ** 40), 3], [7, 2 ** 50]])),
        ("int32", torch.tensor([-5, 0, 2 ** 30], dtype=torch.int32)),
        ("int16", torch.tensor([-300, 300], dtype=torch.int16)),
        ("int8", torch.tensor([-128, 127], dtype=torch.int8)),
        ("uint8", torch.tensor([0, 255], dtype=torch.uint8)),
        ("bool", torch.tensor([True, False, True])),
        ("scalar", torch.tensor(2.5)),
        ("empty", torch.zeros(0, 3)),
    ]))

    grid = torch.arange(24, dtype=torch.float32).reshape(4, 6)
    save(out_dir, expected, "views.pt", collections.OrderedDict([
        ("base", grid), ("transposed", grid.t()), ("rows", grid[1:3]), ("column", grid[:, 2])]))

    save(out_dir, expected, "protocol4.pt", trained_net().state_dict(), pickle_protocol=4)

    save(out_dir, expected, "holder.pt", {"weight": torch.ones(2), "holder": Holder(torch.zeros(3))})
    save(out_dir, expected, "only_holder.pt", Holder(torch.zeros(3)))
    torch.save({"sparse": torch.eye(3).to_sparse()}, os.path.join(out_dir, "sparse.pt"))
    with open(os.path.join(out_dir, "plain.pkl"), "wb") as f:
        pickle.dump({"epoch": 1}, f, protocol=2)
    torch.save({"weight": torch.ones(2), "payload": Runs(out_dir)}, os.path.join(out_dir, "runs.pt"))  # never loaded here
    values = {"small": 7, "negative": -5, "big": 2 ** 70, "float": 1.5, "bytes": b"\x00\xff", "text": "gr\u00fc\u00dfe",
              "set": {3}, "frozen": frozenset([4]), "tuple": (1, (2, None)), "list": [True, False], "empty": {}}
    for protocol in range(2, 6):
        with open(os.path.join(out_dir, "values_protocol%d.pkl" % protocol), "wb") as f:
            pickle.dump(values, f, protocol=protocol)

    with open(os.path.join(out_dir, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
    with open(marker, "w") as f:
        f.write(FORMAT_VERSION + "\n")
    print("torch", torch.__version__, "->", out_dir)


if __name__ == "__main__":
    main()
