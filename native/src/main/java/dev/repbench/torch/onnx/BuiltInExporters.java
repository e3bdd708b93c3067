package dev.repbench.torch.onnx;

import dev.repbench.torch.nn.BasicBlock;
import dev.repbench.torch.nn.BatchNorm2d;
import dev.repbench.torch.nn.Bottleneck;
import dev.repbench.torch.nn.Conv2d;
import dev.repbench.torch.nn.Linear;
import dev.repbench.torch.nn.ResNet;
import dev.repbench.torch.nn.Sequential;
import dev.repbench.torch.onnx.OnnxGraph.Attribute;

import java.util.ArrayList;
import java.util.List;

/**
 * The exporters of RepBench's own modules, each mirroring its module's eval-mode {@code forward}. Children are
 * reached by their registered names ({@code conv1}, {@code downsample}), so the graph follows the state dict.
 */
final class BuiltInExporters {
    private BuiltInExporters() {
    }

    static String conv2d(Conv2d conv, String input, ExportContext ctx) {
        List<String> inputs = new ArrayList<>(List.of(input, ctx.initializer("weight")));
        if (conv.bias() != null) {
            inputs.add(ctx.initializer("bias"));
        }
        return ctx.node("Conv", inputs, "conv",
                ExportContext.square("kernel_shape", conv.kernelSize()),
                ExportContext.square("strides", conv.stride()),
                ExportContext.symmetricPads(conv.padding()),
                ExportContext.square("dilations", conv.dilation()),
                Attribute.integer("group", conv.groups()));
    }

    /** Eval semantics: normalise with the running statistics (BatchNormalization's default, training_mode 0). */
    static String batchNorm2d(BatchNorm2d bn, String input, ExportContext ctx) {
        return ctx.node("BatchNormalization",
                List.of(input, ctx.initializer("weight"), ctx.initializer("bias"),
                        ctx.initializer("running_mean"), ctx.initializer("running_var")),
                "bn",
                Attribute.real("epsilon", (float) bn.eps()),
                Attribute.real("momentum", (float) (1 - bn.momentum()))); // ONNX weighs the old statistics; unused in inference
    }

    /** {@code x·Wᵀ + b} is Gemm with {@code transB = 1}. */
    static String linear(Linear linear, String input, ExportContext ctx) {
        List<String> inputs = new ArrayList<>(List.of(input, ctx.initializer("weight")));
        if (linear.bias() != null) {
            inputs.add(ctx.initializer("bias"));
        }
        return ctx.node("Gemm", inputs, "gemm", Attribute.integer("transB", 1));
    }

    static String sequential(Sequential sequential, String input, ExportContext ctx) {
        String x = input;
        for (String name : sequential.children().keySet()) {
            x = ctx.exportChild(name, x);
        }
        return x;
    }

    static String basicBlock(BasicBlock block, String input, ExportContext ctx) {
        String out = relu(ctx, ctx.exportChild("bn1", ctx.exportChild("conv1", input)), "relu1");
        out = ctx.exportChild("bn2", ctx.exportChild("conv2", out));
        return residual(ctx, input, out);
    }

    static String bottleneck(Bottleneck block, String input, ExportContext ctx) {
        String out = relu(ctx, ctx.exportChild("bn1", ctx.exportChild("conv1", input)), "relu1");
        out = relu(ctx, ctx.exportChild("bn2", ctx.exportChild("conv2", out)), "relu2");
        out = ctx.exportChild("bn3", ctx.exportChild("conv3", out));
        return residual(ctx, input, out);
    }

    /** The end of both residual blocks: add the identity (or its projection), then ReLU. */
    private static String residual(ExportContext ctx, String input, String out) {
        String identity = ctx.hasChild("downsample") ? ctx.exportChild("downsample", input) : input;
        return relu(ctx, ctx.node("Add", List.of(out, identity), "add"), "relu");
    }

    private static String relu(ExportContext ctx, String input, String label) {
        return ctx.node("Relu", List.of(input), label);
    }

    /**
     * The study's encoder outputs: {@code block1} (stem before max-pool) … {@code block5} (layer4), the pooled
     * {@code embedding} and, when asked, {@code logits}. Returns the embedding.
     */
    static String resNet(ResNet net, String input, ExportContext ctx) {
        if (ctx.options().includeLogits() && net.numClasses() == 0) {
            throw new OnnxExportException(net.architecture() + " has no classifier (fc), so it has no logits to export:"
                    + " export without logits, or build it with a number of classes");
        }
        long[] channels = net.blockChannels();
        long[] strides = net.blockStrides();
        String stem = relu(ctx, ctx.exportChild("bn1", ctx.exportChild("conv1", input)), "relu");
        ctx.output(OnnxExporter.blockName(1), stem, blockShape(channels[0], strides[0]));
        String x = net.isSmallImageVariant() ? stem
                : ctx.node("MaxPool", List.of(stem), "maxpool",
                        ExportContext.square("kernel_shape", 3), ExportContext.square("strides", 2), ExportContext.symmetricPads(1));
        for (int stage = 1; stage <= 4; stage++) {
            x = ctx.exportChild("layer" + stage, x);
            ctx.output(OnnxExporter.blockName(stage + 1), x, blockShape(channels[stage], strides[stage]));
        }
        String pooled = ctx.node("GlobalAveragePool", List.of(x), "avgpool");
        String embedding = ctx.output(OnnxExporter.EMBEDDING,
                ctx.node("Flatten", List.of(pooled), "flatten", Attribute.integer("axis", 1)),
                List.of(Dimension.symbol(OnnxExporter.BATCH), Dimension.of(net.embeddingDim())));
        if (ctx.options().includeLogits()) {
            ctx.output(OnnxExporter.LOGITS, ctx.exportChild("fc", embedding),
                    List.of(Dimension.symbol(OnnxExporter.BATCH), Dimension.of(net.numClasses())));
        }
        return embedding;
    }

    /** {@code [N, C, H/s, W/s]}; the sizes round up (⌈H/s⌉) for inputs not divisible by the stride. */
    private static List<Dimension> blockShape(long channels, long stride) {
        return List.of(Dimension.symbol(OnnxExporter.BATCH), Dimension.of(channels),
                Dimension.symbol(OnnxExporter.scaled(OnnxExporter.HEIGHT, stride)),
                Dimension.symbol(OnnxExporter.scaled(OnnxExporter.WIDTH, stride)));
    }
}
