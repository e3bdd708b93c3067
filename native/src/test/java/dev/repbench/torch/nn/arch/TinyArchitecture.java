package dev.repbench.torch.nn.arch;

import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.Backbone;
import dev.repbench.torch.nn.Conv2d;
import dev.repbench.torch.nn.Functional;
import dev.repbench.torch.onnx.Dimension;
import dev.repbench.torch.onnx.ExportContext;
import dev.repbench.torch.onnx.OnnxExportable;
import dev.repbench.torch.onnx.OnnxExporter;
import java.util.List;

/**
 * A third party's architecture as a plugin jar would register it (the test's
 * {@code third-party-architecture/META-INF/services} entry, outside the class path's root): one stride-2 convolution
 * with ReLU as its only block, average-pooled into an 8-d embedding, exporting itself to ONNX.
 */
public class TinyArchitecture implements Architecture {
    static final String NAME = "tiny-test";

    /** For {@link java.util.ServiceLoader}. */
    public TinyArchitecture() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "a test network: one 3x3 stride-2 convolution, 8 channels";
    }

    @Override
    public ArchitectureLayout layout() {
        return new ArchitectureLayout(16, List.of(new ArchitectureLayout.Block(8, 2)), 8);
    }

    @Override
    public Backbone build(long classes) {
        if (classes != 0) {
            throw new IllegalArgumentException(NAME + " has no classifier, asked for " + classes + " classes");
        }
        return new Tiny();
    }

    /** The network. */
    static final class Tiny extends Backbone implements OnnxExportable {
        private final Conv2d conv = registerModule("conv", new Conv2d(3, 8, 3, 2, 1, false));

        @Override
        public String architecture() {
            return NAME;
        }

        @Override
        public long embeddingDim() {
            return 8;
        }

        @Override
        public List<Tensor> forwardBlocks(Tensor input) {
            return List.of(Functional.relu(conv.forward(input)));
        }

        @Override
        public Tensor forwardEmbedding(Tensor input) {
            try (Scope inner = Scope.open()) {
                Tensor block = forwardBlocks(input).getFirst();
                return inner.keepInParent(Functional.adaptiveAvgPool2d(block, 1, 1).flatten(1, -1));
            }
        }

        @Override
        public String exportOnnx(String input, ExportContext context) {
            String block = context.node("Relu", List.of(context.exportChild("conv", input)), "relu");
            context.output(ArchitectureLayout.blockName(1), block, List.of(Dimension.symbol(OnnxExporter.BATCH), Dimension.of(8),
                    Dimension.symbol(OnnxExporter.scaled(OnnxExporter.HEIGHT, 2)), Dimension.symbol(OnnxExporter.scaled(OnnxExporter.WIDTH, 2))));
            String pooled = context.node("GlobalAveragePool", List.of(block), "avgpool");
            String flat = context.node("Flatten", List.of(pooled), "flatten");
            return context.output(OnnxExporter.EMBEDDING, flat, List.of(Dimension.symbol(OnnxExporter.BATCH), Dimension.of(8)));
        }
    }
}
