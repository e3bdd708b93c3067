"""torchvision's ResNets for the PyTorch sides of RepBench's benchmarks (bench torch, the MoCo step), shared by
their scripts: torchvision's own where it is installed, else the same layers and shapes defined here (a GPU
machine may have torch alone), so a step costs the same either way. resnet18-small is RepBench's small-image
ResNet-18: a 3x3 stride-1 stem and no max-pool.
"""
import torch
import torch.nn as nn


def resnet(arch, num_classes):
    """torchvision's ResNet-18 or -50; its own definition where torchvision is not installed (a GPU machine
    may have torch alone), the same layers and shapes, so the step costs the same. resnet18-small is the
    ResNet-18 with a 3x3 stride-1 stem and no max-pool, as RepBench's."""
    small = arch == "resnet18-small"
    name = "resnet18" if small else arch
    try:
        import torchvision
        model, has_torchvision = getattr(torchvision.models, name)(num_classes=num_classes), True
    except ImportError:
        model, has_torchvision = TorchvisionResNet(name, num_classes), False
    if small:
        model.conv1 = nn.Conv2d(3, 64, kernel_size=3, stride=1, padding=1, bias=False)
        model.maxpool = nn.Identity()
    return model, has_torchvision


class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, inplanes, width, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, width, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.conv2 = nn.Conv2d(width, width, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(width)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = shortcut(inplanes, width, stride)

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        return self.relu(self.bn2(self.conv2(out)) + identity)


class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, inplanes, width, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, width, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.conv2 = nn.Conv2d(width, width, 3, stride, 1, bias=False)  # v1.5: the stride on the 3x3
        self.bn2 = nn.BatchNorm2d(width)
        self.conv3 = nn.Conv2d(width, width * 4, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(width * 4)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = shortcut(inplanes, width * 4, stride)

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        return self.relu(self.bn3(self.conv3(out)) + identity)


def shortcut(inplanes, planes, stride):
    if stride == 1 and inplanes == planes:
        return None
    return nn.Sequential(nn.Conv2d(inplanes, planes, 1, stride, bias=False), nn.BatchNorm2d(planes))


class TorchvisionResNet(nn.Module):
    def __init__(self, arch, num_classes):
        super().__init__()
        block, counts = {"resnet18": (BasicBlock, [2, 2, 2, 2]), "resnet50": (Bottleneck, [3, 4, 6, 3])}[arch]
        self.conv1 = nn.Conv2d(3, 64, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        inplanes = 64
        for stage, (width, count) in enumerate(zip([64, 128, 256, 512], counts)):
            blocks = []
            for i in range(count):
                blocks.append(block(inplanes, width, 2 if i == 0 and stage > 0 else 1))
                inplanes = width * block.expansion
            setattr(self, "layer%d" % (stage + 1), nn.Sequential(*blocks))
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(inplanes, num_classes)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(self.avgpool(x), 1))


