"""Golden parameter trajectories for the optimizers of dev.repbench.torch.optim.

Usage: /usr/bin/python3 native/src/test/python/make_optim_golden.py
       (Debian's python3-torch; writes native/src/test/resources/golden/optim.json)

Every case starts from the same float64 parameters and minimises the same fixed,
deterministic loss (no randomness, so the trajectory depends only on the update rule):

    L = sum_p [ sum(p * p * curvature_p * 0.5) + sum(p * linear_p) ] + coupling * sum(weight) * sum(bias)

The Java test (OptimizerGoldenTest) rebuilds this loss with the torch layer from the
constants stored in the JSON and compares every step. SGD, Adam and AdamW come from
torch.optim (single-tensor code path); torch has no LARS, so its trajectories come from
reference_lars below, an independent implementation of the formula documented in LARS.java.
"""

import json
from pathlib import Path

import torch

STEPS = 10

INITIAL = {
    "weight": [[0.5, -1.2, 0.8], [1.5, 0.3, -0.7]],
    "bias": [0.2, -0.4, 0.1],
    # All zero: LARS skips adaptation (and, like apex's LARC, weight decay) while the norm is zero.
    "gain": [0.0, 0.0],
}
CURVATURE = {
    "weight": [[1.0, 2.0, 0.5], [3.0, 1.5, 0.25]],
    "bias": [2.0, 1.0, 4.0],
    "gain": [1.0, 2.0],
}
LINEAR = {
    "weight": [[0.1, -0.2, 0.3], [-0.4, 0.5, -0.6]],
    "bias": [-0.3, 0.2, 0.1],
    "gain": [0.5, -0.25],
}
COUPLING = 0.1
NAMES = ["weight", "bias", "gain"]


def group(params, weight_decay=True, layer_adaptation=True):
    return {"params": params, "weight_decay": weight_decay, "layer_adaptation": layer_adaptation}


ALL = [group(NAMES)]
# SimCLR/BYOL style: the bias is excluded from weight decay and layer adaptation.
BIAS_EXCLUDED = [group(["weight", "gain"]), group(["bias"], weight_decay=False, layer_adaptation=False)]

CASES = [
    {"name": "sgd_plain", "optimizer": "sgd", "groups": ALL,
     "options": {"lr": 0.1, "momentum": 0.0, "dampening": 0.0, "nesterov": False, "weight_decay": 0.0}},
    {"name": "sgd_momentum_nesterov_weight_decay", "optimizer": "sgd", "groups": ALL,
     "options": {"lr": 0.1, "momentum": 0.9, "dampening": 0.0, "nesterov": True, "weight_decay": 0.01}},
    {"name": "sgd_momentum_dampening", "optimizer": "sgd", "groups": ALL,
     "options": {"lr": 0.05, "momentum": 0.9, "dampening": 0.1, "nesterov": False, "weight_decay": 0.0}},
    {"name": "sgd_bias_excluded_from_decay", "optimizer": "sgd", "groups": BIAS_EXCLUDED,
     "options": {"lr": 0.1, "momentum": 0.9, "dampening": 0.0, "nesterov": False, "weight_decay": 0.05}},
    {"name": "adam", "optimizer": "adam", "groups": ALL,
     "options": {"lr": 0.1, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.0, "amsgrad": False}},
    {"name": "adam_weight_decay", "optimizer": "adam", "groups": ALL,
     "options": {"lr": 0.1, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.1, "amsgrad": False}},
    {"name": "adam_amsgrad", "optimizer": "adam", "groups": ALL,
     "options": {"lr": 0.1, "beta1": 0.8, "beta2": 0.9, "eps": 1e-8, "weight_decay": 0.0, "amsgrad": True}},
    {"name": "adamw", "optimizer": "adamw", "groups": ALL,
     "options": {"lr": 0.05, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.1, "amsgrad": False}},
    {"name": "adamw_amsgrad_bias_excluded", "optimizer": "adamw", "groups": BIAS_EXCLUDED,
     "options": {"lr": 0.05, "beta1": 0.8, "beta2": 0.9, "eps": 1e-8, "weight_decay": 0.1, "amsgrad": True}},
    # SwAV: LARC(SGD(momentum=0.9, weight_decay=wd), trust_coefficient=0.001, clip=False) on every parameter.
    {"name": "lars_swav", "optimizer": "lars", "groups": ALL,
     "options": {"lr": 0.3, "momentum": 0.9, "weight_decay": 0.01, "trust_coefficient": 0.001, "eps": 1e-8}},
    # A larger trust coefficient makes the adaptation dominate; the bias is plain SGD with momentum.
    {"name": "lars_bias_excluded", "optimizer": "lars", "groups": BIAS_EXCLUDED,
     "options": {"lr": 0.2, "momentum": 0.9, "weight_decay": 0.1, "trust_coefficient": 0.5, "eps": 1e-8}},
]


def loss_of(params):
    total = None
    for name in NAMES:
        p = params[name]
        curvature = torch.tensor(CURVATURE[name], dtype=torch.float64)
        linear = torch.tensor(LINEAR[name], dtype=torch.float64)
        term = (p * p * curvature * 0.5).sum() + (p * linear).sum()
        total = term if total is None else total + term
    return total + params["weight"].sum() * params["bias"].sum() * COUPLING


def torch_param_groups(case, params):
    decay = case["options"]["weight_decay"]
    return [{"params": [params[n] for n in g["params"]], "weight_decay": decay if g["weight_decay"] else 0.0}
            for g in case["groups"]]


def torch_optimizer(case, params):
    o = case["options"]
    groups = torch_param_groups(case, params)
    if case["optimizer"] == "sgd":
        return torch.optim.SGD(groups, lr=o["lr"], momentum=o["momentum"], dampening=o["dampening"],
                               nesterov=o["nesterov"], foreach=False)
    betas = (o["beta1"], o["beta2"])
    if case["optimizer"] == "adam":
        return torch.optim.Adam(groups, lr=o["lr"], betas=betas, eps=o["eps"], amsgrad=o["amsgrad"], foreach=False)
    if case["optimizer"] == "adamw":
        return torch.optim.AdamW(groups, lr=o["lr"], betas=betas, eps=o["eps"], amsgrad=o["amsgrad"], foreach=False)
    raise ValueError(case["optimizer"])


class ReferenceLars:
    """apex's LARC (clip=False) over SGD with momentum, plus groups excluded from adaptation and decay.

    Adapted parameter with ||w|| != 0 and ||g|| != 0:
        local_lr = trust * ||w|| / (||g|| + wd * ||w|| + eps);  d = (g + wd * w) * local_lr
    adapted parameter with a zero norm: d = g (LARC then applies no weight decay either)
    parameter excluded from adaptation: d = g + wd * w (wd = 0 when also excluded from decay)
    then SGD with momentum, no dampening: buf = d at the first step, else buf = momentum * buf + d;
    w = w - lr * buf.
    """

    def __init__(self, case, params):
        self.options = case["options"]
        self.groups = [(g, [params[n] for n in g["params"]]) for g in case["groups"]]
        self.buffers = {}

    @torch.no_grad()
    def step(self):
        o = self.options
        for g, params in self.groups:
            decay = o["weight_decay"] if g["weight_decay"] else 0.0
            for p in params:
                d = self.direction(p, p.grad, decay, g["layer_adaptation"])
                buf = self.buffers.get(id(p))
                if buf is None:
                    buf = self.buffers[id(p)] = d.clone()
                else:
                    buf.mul_(o["momentum"]).add_(d)
                p.add_(buf, alpha=-o["lr"])

    def direction(self, w, g, decay, adapted):
        if not adapted:
            return g + decay * w
        w_norm = torch.linalg.vector_norm(w)
        g_norm = torch.linalg.vector_norm(g)
        if w_norm == 0 or g_norm == 0:
            return g
        local_lr = self.options["trust_coefficient"] * w_norm / (g_norm + w_norm * decay + self.options["eps"])
        return (g + decay * w) * local_lr


def trajectory(case):
    params = {n: torch.tensor(INITIAL[n], dtype=torch.float64, requires_grad=True) for n in NAMES}
    optimizer = ReferenceLars(case, params) if case["optimizer"] == "lars" else torch_optimizer(case, params)
    steps = []
    for _ in range(STEPS):
        for p in params.values():
            p.grad = None
        loss_of(params).backward()
        optimizer.step()
        steps.append({n: params[n].detach().flatten().tolist() for n in NAMES})
    return steps


def main():
    golden = {
        "generator": "native/src/test/python/make_optim_golden.py",
        "torch": torch.__version__,
        "steps": STEPS,
        "loss": {"names": NAMES, "initial": INITIAL, "curvature": CURVATURE, "linear": LINEAR,
                 "coupling": COUPLING},
        "cases": [dict(case, trajectory=trajectory(case)) for case in CASES],
    }
    out = Path(__file__).resolve().parents[1] / "resources" / "golden" / "optim.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(golden, indent=1) + "\n")
    print(f"wrote {len(CASES)} cases x {STEPS} steps to {out}")


if __name__ == "__main__":
    main()
