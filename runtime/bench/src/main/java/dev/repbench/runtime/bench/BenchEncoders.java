package dev.repbench.runtime.bench;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.repbench.runtime.encoder.EncoderDescriptor;
import dev.repbench.runtime.encoder.EncoderFiles;
import dev.repbench.runtime.encoder.LoadedEncoder;
import dev.repbench.runtime.version.BuildInfo;
import dev.repbench.torch.Torch;
import dev.repbench.torch.nn.ResNet;
import dev.repbench.torch.onnx.ExportOptions;
import dev.repbench.torch.onnx.OnnxExporter;
import java.nio.file.Path;
import java.util.Map;

/** The encoders benchmarks run: seeded random-init ResNets through the exporter, as {@code repbench export} writes them. */
public final class BenchEncoders {
    private BenchEncoders() {
    }

    /** A seed-0 random-init {@code arch} (resnet50 or resnet18) exported to {@code dir}, preprocessing at {@code size}². */
    public static LoadedEncoder randomInit(String arch, int size, Path dir) {
        Torch.manualSeed(0);
        try (ResNet net = arch.equals("resnet50") ? ResNet.resnet50(0) : ResNet.resnet18(0)) {
            net.eval();
            ModelProto model = new OnnxExporter().export(net, new ExportOptions(false, BuildInfo.version(), Map.of()));
            EncoderDescriptor descriptor = new EncoderDescriptor(EncoderDescriptor.FORMAT_VERSION, net.architecture(),
                    EncoderDescriptor.Preprocessing.imagenet(size, size), EncoderDescriptor.outputsOf(model),
                    new EncoderDescriptor.Provenance("random-init", null, null, 0, 0L, null, BuildInfo.version(),
                            Torch.version(), null, null));
            EncoderFiles.write(dir, model, descriptor);
        }
        return EncoderFiles.read(dir);
    }
}
