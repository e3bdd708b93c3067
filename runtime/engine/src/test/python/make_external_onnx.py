"""External ONNX encoders for RepBench's import tests, exported by torch.onnx.export as a user would.

Usage: /usr/bin/python3 make_external_onnx.py OUTPUT_FOLDER

Writes:
  resnet18.onnx, resnet50.onnx  torchvision ResNets (seeded random init, BN affine terms and running statistics
                                made non-trivial, eval mode) with their 1000-class fc, opset 17, input "input"
                                [batch, 3, 64, 64] with a dynamic batch axis, output "logits"
  pyramid.onnx                  a small plain conv net (no residual units): five ReLU levels at strides 2..32,
                                global average pool, flatten, fc; input "input" with dynamic batch and spatial axes
  mobilenet_v3.onnx,            torchvision's MobileNetV3-small and EfficientNet-B0 (seeded random init, BN
  efficientnet_b0.onnx          statistics perturbed), input [batch, 3, 64, 64]; their outputs are the pyramid
                                PyTorch reports (below) and the flattened pooled features
  convnext_tiny.onnx            torchvision's ConvNeXt-tiny (seeded random init; layer norms, no batch norm), input
                                [batch, 3, 64, 64]: four levels, strides 4..32 (its stem is a stride-4 patchify)
  vit.onnx                      torchvision's VisionTransformer at 64x64, patch 16, 4 layers, 2 heads, width 48
                                (ViT-B/16's layout, small enough for CI), fixed input [batch, 3, 64, 64]
  vit_mean.onnx                 a ViT of torchvision's encoder blocks at vit's size without a class token (16 tokens,
                                the patches only): its embedding is the mean of the patch tokens after the final norm
  vit_registers.onnx            the same with a class token and 4 register tokens, laid out [class, registers, patches]
                                as DINOv2 with registers does (registers join after the position embedding);
                                embedding the class token after the final norm
  vit_register.onnx             the same without a class token and with 1 register token in front of the patches:
                                imported by hand with vit_register.encoder.json (detection would take the register
                                for a class token); its outputs are the maps of layers 2 and 4 at strides 16 and 32 and
                                the mean of layer 4's patch tokens, as that encoder.json asks
  vit_b16.onnx                  ViT-B/16 itself (12 layers, 12 heads, width 768, MLP 3072; 86 M parameters, ~350 MB)
                                at the small input 64x64, fixed input [batch, 3, 64, 64]
  mlp.onnx                      an MLP on the flattened image (no feature maps, no tokens), input [batch, 3, 32, 32]
  resnet18_batch1.onnx,         resnet18 and vit exported as torch.onnx.export does by default, without dynamic axes:
  vit_batch1.onnx               input fixed at [1, 3, 64, 64]; their reference outputs are for the same 2-image input
                                as the others (the batch dimension is the only thing the export fixed)
  resnet18_nhwc.onnx            resnet18 behind a permute, as TensorFlow exporters lay images out: input
                                [batch, 64, 64, 3]; its .input.f32 holds the NCHW image (what an adapted model takes)
  resnet18_backbone.onnx        resnet18 without its pooling and fc, as backbones are exported: outputs the maps of
                                layer1..layer4, input [batch, 3, 64, 64]; its reference embedding is still the
                                flattened average pool of layer4 (what torchvision's ResNet pools)
  swin.onnx                     a small torchvision Swin Transformer (patch 4, width 24, 2 blocks a stage, window 2),
                                input [batch, 3, 64, 64]: its stages' outputs are laid out [N, H, W, C]; its pyramid
                                is the four stages' outputs as [N, C, H, W] (the last after the final norm), strides
                                4..32, and its embedding the flattened average pool
  inception_v3.onnx             torchvision's Inception v3 (seeded random init, BN statistics perturbed, no auxiliary
                                head) at 96x96, input [batch, 3, 96, 96]: its unpadded convolutions make maps a few
                                pixels short of H/s (45 at stride 2); its pyramid is the last map of each stage,
                                Conv2d_2b, Conv2d_4a, Mixed_5d, Mixed_6e and Mixed_7c, as its forward runs them
  flat_batch1.onnx              pyramid's layers with the batch baked in (x.reshape(1, -1) before fc), fixed input
                                [1, 3, 64, 64]: another batch size cannot run (no reference outputs)
  pyramid.encoder.json          the tensor names of pyramid.onnx's five levels and its embedding, for import
  vit_register.encoder.json     vit_register.onnx's token tensors of layers 2 and 4, its prefix and patch size
  checkpoint.pt                 a torch.save zip of pyramid's state dict (not an ONNX file)
  <model>.input.f32             the seeded input, float32 little-endian, row-major
  <model>.<output>.f32          PyTorch's embedding and block1..block5 for that input
  index.json                    per model: onnx file, input and outputs as {file, shape}
and last COMPLETE holding FORMAT_VERSION, so a reader can tell a finished set from a partial one.
block1 is the stem (conv1, bn1, relu) before max-pool; block2..block5 are layer1..layer4; embedding is the
flattened global average pool, the input of fc.

The CNNs' pyramid as PyTorch reports it, independently of RepBench's graph rule: forward hooks on every module
record each output in the order the modules finish; a 4-D output of height H/s and width W/s is at stride s; the
last at each stride of 2..32 is that level (block1 the finest). The ViT's levels are the outputs of encoder layers
round(k*L/4), k = 1..4 (the small ViTs' too), patch tokens (the last h*w) laid out [N, D, h, w] and resized bilinearly (align_corners=False) by p/s to
strides 4, 8, 16, 32; its embedding is the class token after the final norm.
"""
import json
import math
import os
import sys

import torch
import torchvision
from torchvision.models.vision_transformer import EncoderBlock, VisionTransformer

FORMAT_VERSION = "10"
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


STRIDES = (2, 4, 8, 16, 32)


def hooked_pyramid(model, x):
    """The last module output at each stride (see the module docstring), and the flattened pooled features."""
    finished = []
    hooks = [m.register_forward_hook(lambda m, i, o: finished.append(o)) for m in model.modules()]
    try:
        model(x)
    finally:
        for h in hooks:
            h.remove()
    height, width = x.shape[2], x.shape[3]
    levels = {}
    for out in finished:
        if isinstance(out, torch.Tensor) and out.dim() == 4:
            for s in STRIDES:
                if out.shape[2] in (height // s, -(-height // s)) and out.shape[3] in (width // s, -(-width // s)):
                    levels[s] = out
                    break
    outputs = {"block%d" % (k + 1): levels[s] for k, s in enumerate(sorted(levels))}
    outputs["embedding"] = torch.flatten(model.avgpool(model.features(x)), 1)
    return outputs


def layer_outputs(layers, model, x):
    """The outputs of each of layers, in the order they finish, for model(x)."""
    finished = []
    hooks = [layer.register_forward_hook(lambda m, i, o: finished.append(o)) for layer in layers]
    try:
        model(x)
    finally:
        for h in hooks:
            h.remove()
    return finished


def token_map(tokens, patch, stride, x):
    """The last h*w tokens of [N, T, D] laid out [N, D, h, w] and resized bilinearly by patch/stride."""
    rows, cols = x.shape[2] // patch, x.shape[3] // patch
    n, t, d = tokens.shape
    grid = tokens[:, t - rows * cols:, :].transpose(1, 2).reshape(n, d, rows, cols)
    if stride != patch:
        grid = torch.nn.functional.interpolate(grid, scale_factor=patch / stride, mode="bilinear", align_corners=False)
    return grid


def token_levels(finished, patch, x):
    """Layers round(k*L/4) of the L token sequences, their last h*w tokens as maps resized to strides 4..32."""
    layers = len(finished)
    return {"block%d" % k: token_map(finished[max(1, int(math.floor(k * layers / 4 + 0.5))) - 1], patch, stride, x)
            for k, stride in enumerate((4, 8, 16, 32), start=1)}


def vit_pyramid(model, x):
    """torchvision's ViT: encoder layers round(k*L/4) as maps at strides 4..32, the class token after the final norm."""
    outputs = token_levels(layer_outputs(model.encoder.layers, model, x), model.patch_size, x)
    encoded = model.encoder(torch.cat([model.class_token.expand(x.shape[0], -1, -1),
                                       model._process_input(x)], dim=1))
    outputs["embedding"] = encoded[:, 0]
    return outputs


class PrefixVit(torch.nn.Module):
    """torchvision's encoder blocks behind a chosen prefix: none (the patches alone, embedding the mean of the patch
    tokens after the final norm) or a class token and register tokens ([class, registers, patches], the registers
    joining after the position embedding as in DINOv2 with registers; embedding the class token after the norm)."""

    def __init__(self, class_token, registers, image_size=64, patch_size=16, num_layers=4, num_heads=2, hidden_dim=48,
                 mlp_dim=96):
        super().__init__()
        self.patch_size = patch_size
        self.conv_proj = torch.nn.Conv2d(3, hidden_dim, patch_size, stride=patch_size)
        patches = (image_size // patch_size) ** 2
        self.class_token = torch.nn.Parameter(0.02 * torch.randn(1, 1, hidden_dim)) if class_token else None
        self.registers = torch.nn.Parameter(torch.randn(1, registers, hidden_dim)) if registers else None
        self.pos_embedding = torch.nn.Parameter(0.02 * torch.randn(1, patches + (1 if class_token else 0), hidden_dim))
        self.layers = torch.nn.Sequential(*[EncoderBlock(num_heads, hidden_dim, mlp_dim, 0.0, 0.0)
                                            for _ in range(num_layers)])
        self.ln = torch.nn.LayerNorm(hidden_dim, eps=1e-6)
        self.fc = torch.nn.Linear(hidden_dim, 10)

    def encoded(self, x):
        n = x.shape[0]
        tokens = self.conv_proj(x).flatten(2).transpose(1, 2)
        if self.class_token is not None:
            tokens = torch.cat([self.class_token.expand(n, -1, -1), tokens], dim=1)
        tokens = tokens + self.pos_embedding
        if self.registers is not None:
            before = 1 if self.class_token is not None else 0
            tokens = torch.cat([tokens[:, :before], self.registers.expand(n, -1, -1), tokens[:, before:]], dim=1)
        return self.ln(self.layers(tokens))

    def embed(self, x):
        encoded = self.encoded(x)
        if self.class_token is not None:
            return encoded[:, 0]
        return encoded[:, 0 if self.registers is None else self.registers.shape[1]:].mean(dim=1)

    def forward(self, x):
        return self.fc(self.embed(x))


def prefix_vit_pyramid(model, x):
    outputs = token_levels(layer_outputs(model.layers, model, x), model.patch_size, x)
    outputs["embedding"] = model.embed(x)
    return outputs


# vit_register.encoder.json: layers 2 and 4 (torch 1.13 names each EncoderBlock's output, its second residual Add,
# by the module path), 1 prefix token (the register), the mean of layer 4's patch tokens as the embedding.
NAMED_LAYERS = (2, 4)
NAMED_TOKENS = {"blocks": ["/layers/layers.%d/Add_1_output_0" % (layer - 1) for layer in NAMED_LAYERS],
                "prefixTokens": 1, "patchSize": 16, "embedding": "mean-patch-tokens"}


def named_vit_pyramid(model, x):
    """What vit_register.encoder.json asks for: the named layers' patch tokens as maps at the coarsest strides of
    4..32 (16 and 32 for two), and the mean of the last named layer's tokens after the prefix."""
    finished = layer_outputs(model.layers, model, x)
    strides = (4, 8, 16, 32)[-len(NAMED_LAYERS):]
    outputs = {"block%d" % (k + 1): token_map(finished[layer - 1], model.patch_size, stride, x)
               for k, (layer, stride) in enumerate(zip(NAMED_LAYERS, strides))}
    outputs["embedding"] = finished[NAMED_LAYERS[-1] - 1][:, NAMED_TOKENS["prefixTokens"]:].mean(dim=1)
    return outputs


def inception_outputs(model, x):
    """torchvision's Inception3 forward stage by stage (transform_input off): the last map before each downsampling."""
    m = model
    b1 = m.Conv2d_2b_3x3(m.Conv2d_2a_3x3(m.Conv2d_1a_3x3(x)))
    b2 = m.Conv2d_4a_3x3(m.Conv2d_3b_1x1(m.maxpool1(b1)))
    b3 = m.Mixed_5d(m.Mixed_5c(m.Mixed_5b(m.maxpool2(b2))))
    b4 = m.Mixed_6e(m.Mixed_6d(m.Mixed_6c(m.Mixed_6b(m.Mixed_6a(b3)))))
    b5 = m.Mixed_7c(m.Mixed_7b(m.Mixed_7a(b4)))
    embedding = torch.flatten(m.avgpool(b5), 1)
    assert torch.equal(m.fc(embedding), model(x)), "stage-by-stage forward differs from model(x)"
    return {"block1": b1, "block2": b2, "block3": b3, "block4": b4, "block5": b5, "embedding": embedding}


def swin_pyramid(model, x):
    """torchvision's Swin: features[1], [3], [5] (the stages; [0], [2], [4], [6] embed patches or merge them)
    permuted to [N, C, H, W], then the last stage after the final norm, and its average pool flattened."""
    outputs = {}
    y = x
    for i, layer in enumerate(model.features):
        y = layer(y)
        if i in (1, 3, 5):
            outputs["block%d" % ((i + 1) // 2)] = y.permute(0, 3, 1, 2)
    last = model.permute(model.norm(y))
    outputs["block4"] = last
    outputs["embedding"] = torch.flatten(model.avgpool(last), 1)
    assert torch.equal(model.head(outputs["embedding"]), model(x)), "stage-by-stage forward differs from model(x)"
    return outputs


class Mlp(torch.nn.Module):
    """No feature maps and no tokens: the image flattened into two linear layers."""

    def __init__(self):
        super().__init__()
        self.hidden = torch.nn.Linear(3 * 32 * 32, 64)
        self.fc = torch.nn.Linear(64, 10)

    def embed(self, x):
        return torch.relu(self.hidden(torch.flatten(x, 1)))

    def forward(self, x):
        return self.fc(self.embed(x))


class Nhwc(torch.nn.Module):
    """A model taking images laid out [N, H, W, C], as TensorFlow and Keras models exported to ONNX do."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x):
        return self.model(x.permute(0, 3, 1, 2))


class FlatBatch1(Pyramid):
    """Pyramid with the batch written into its graph: its flatten is a reshape to [1, -1]."""

    def forward(self, x):
        b5 = self.levels(x)["block5"]
        return self.fc(torch.nn.functional.adaptive_avg_pool2d(b5, 1).reshape(1, -1))


class Backbone(torch.nn.Module):
    """A torchvision ResNet without its pooling and fc: the maps of its four stages."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x):
        m = self.model
        x = m.maxpool(m.relu(m.bn1(m.conv1(x))))
        c2 = m.layer1(x)
        c3 = m.layer2(c2)
        c4 = m.layer3(c3)
        return c2, c3, c4, m.layer4(c4)


def backbone(model, x):
    return Backbone(model), x


def one_image(model, x):
    """Exported at one image, without dynamic axes: torch.onnx.export's default."""
    return model, x[:1]


def as_nhwc(model, x):
    return Nhwc(model), x.permute(0, 2, 3, 1).contiguous()


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


def export(name, model, outputs_of, dynamic_axes, out_dir, index, input_shape=INPUT_SHAPE, exported=None):
    """Exports model (or exported, a wrapper of it taking the input as exported: NHWC, or one image) and writes
    outputs_of(model, x) for the seeded input x."""
    model.eval()
    x = torch.randn(*input_shape)
    onnx_file = name + ".onnx"
    module, example = exported(model, x) if exported else (model, x)
    torch.onnx.export(module.eval(), example, os.path.join(out_dir, onnx_file), opset_version=OPSET,
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

    for name, make in (("mobilenet_v3", torchvision.models.mobilenet_v3_small),
                       ("efficientnet_b0", torchvision.models.efficientnet_b0),
                       ("convnext_tiny", torchvision.models.convnext_tiny)):
        model = make(weights=None)
        perturb_batch_norms(model)
        export(name, model, hooked_pyramid, batch_only, out_dir, index)
    vit = VisionTransformer(image_size=64, patch_size=16, num_layers=4, num_heads=2, hidden_dim=48, mlp_dim=96)
    export("vit", vit, vit_pyramid, batch_only, out_dir, index)
    export("vit_mean", PrefixVit(class_token=False, registers=0), prefix_vit_pyramid, batch_only, out_dir, index)
    export("vit_registers", PrefixVit(class_token=True, registers=4), prefix_vit_pyramid, batch_only, out_dir, index)
    export("vit_register", PrefixVit(class_token=False, registers=1), named_vit_pyramid, batch_only, out_dir, index)
    with open(os.path.join(out_dir, "vit_register.encoder.json"), "w") as f:
        json.dump({"architecture": "vit-register", "tokens": NAMED_TOKENS}, f, indent=2)
    vit_b16 = VisionTransformer(image_size=64, patch_size=16, num_layers=12, num_heads=12, hidden_dim=768, mlp_dim=3072)
    export("vit_b16", vit_b16, vit_pyramid, batch_only, out_dir, index)
    export("mlp", Mlp(), lambda m, x: {"embedding": m.embed(x)}, batch_only, out_dir, index, (2, 3, 32, 32))

    resnet18 = torchvision.models.resnet18(weights=None)
    perturb_batch_norms(resnet18)
    export("resnet18_batch1", resnet18, resnet_outputs, None, out_dir, index, exported=one_image)
    export("resnet18_nhwc", resnet18, resnet_outputs, {"input": {0: "batch"}, "logits": {0: "batch"}}, out_dir, index,
           exported=as_nhwc)
    export("resnet18_backbone", resnet18, resnet_outputs, {"input": {0: "batch"}}, out_dir, index, exported=backbone)
    swin = torchvision.models.SwinTransformer(patch_size=[4, 4], embed_dim=24, depths=[2, 2, 2, 2], num_heads=[1, 2, 2, 2],
                                              window_size=[2, 2], stochastic_depth_prob=0.0)
    export("swin", swin, swin_pyramid, batch_only, out_dir, index)
    inception = torchvision.models.inception_v3(weights=None, aux_logits=False, init_weights=False)
    perturb_batch_norms(inception)
    export("inception_v3", inception, inception_outputs, batch_only, out_dir, index, (2, 3, 96, 96))
    small_vit = VisionTransformer(image_size=64, patch_size=16, num_layers=4, num_heads=2, hidden_dim=48, mlp_dim=96)
    export("vit_batch1", small_vit, vit_pyramid, None, out_dir, index, exported=one_image)
    export("flat_batch1", FlatBatch1(), lambda m, x: {}, None, out_dir, index, exported=one_image)

    with open(os.path.join(out_dir, "index.json"), "w") as f:
        json.dump(index, f, indent=2)
    with open(marker, "w") as f:
        f.write(FORMAT_VERSION + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
