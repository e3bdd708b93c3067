package dev.repbench.runtime.encoder;

import dev.repbench.api.Device;
import dev.repbench.runtime.features.session.BatchOutputs;
import dev.repbench.runtime.features.session.BatchRunner;
import dev.repbench.runtime.features.session.EncoderSession;
import dev.repbench.runtime.features.session.ExecutionProviderChoice;
import dev.repbench.runtime.features.session.OnnxEngine;
import dev.repbench.torch.GradMode;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.Backbone;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * An exported encoder against the network it was exported from: one seeded batch through the ONNX file in ONNX
 * Runtime and through the network in libtorch on a device, every output compared. A relative difference is the largest
 * absolute difference over the largest absolute reference value, so one figure per output reads the same for an
 * embedding and a feature map. On a GPU the network also runs on the CPU: if ONNX Runtime agrees with libtorch's CPU
 * forward but not with its GPU forward, the GPU's arithmetic (TF32 convolutions, say) is the cause, not the export.
 */
public final class ExportParity {
    /** The largest relative difference an export may show: float32 arithmetic in a different order. */
    public static final double TOLERANCE = 1e-4;

    private ExportParity() {
    }

    /**
     * One output's comparison.
     *
     * @param output        the encoder output, e.g. {@code embedding} or {@code block3}
     * @param onnxVsDevice  ONNX Runtime against libtorch on the device
     * @param onnxVsCpu     ONNX Runtime against libtorch on the CPU (NaN when the device is the CPU)
     * @param deviceVsCpu   libtorch on the device against libtorch on the CPU (NaN when the device is the CPU)
     */
    public record Output(String output, double onnxVsDevice, double onnxVsCpu, double deviceVsCpu) {
    }

    /**
     * What a check found.
     *
     * @param device   where libtorch ran the reference forward
     * @param provider the ONNX Runtime provider that ran the ONNX file
     * @param batch    images compared
     * @param height   their height
     * @param width    their width
     * @param outputs  one per encoder output, in the file's order
     */
    public record Report(Device device, ExecutionProviderChoice provider, int batch, int height, int width,
                         List<Output> outputs) {
        public Report {
            outputs = List.copyOf(outputs);
        }

        /** @return the largest ONNX-vs-device relative difference over all outputs */
        public double worst() {
            return outputs.stream().mapToDouble(Output::onnxVsDevice).max().orElse(0);
        }

        /** @return whether every output is within {@link #TOLERANCE} */
        public boolean passes() {
            return worst() <= TOLERANCE;
        }

        /** Lines for the user: the set-up, one per output, and the verdict. */
        public List<String> lines() {
            List<String> lines = new ArrayList<>();
            lines.add(String.format(Locale.ROOT, "parity: %d seeded %dx%d images; libtorch on %s vs %s", batch, height, width,
                    device, provider.describe().replaceFirst("^features: ", "")));
            boolean gpu = device.isCuda();
            for (Output o : outputs) {
                lines.add(gpu ? String.format(Locale.ROOT, "  %-9s ONNX vs %s %.2e   ONNX vs libtorch cpu %.2e   %s vs cpu %.2e",
                        o.output(), device, o.onnxVsDevice(), o.onnxVsCpu(), device, o.deviceVsCpu())
                        : String.format(Locale.ROOT, "  %-9s ONNX vs libtorch cpu %.2e", o.output(), o.onnxVsDevice()));
            }
            lines.add(String.format(Locale.ROOT, "parity %s: largest relative difference %.2e (tolerance %.0e)",
                    passes() ? "ok" : "FAILED", worst(), TOLERANCE));
            return lines;
        }
    }

    /**
     * Runs {@code batch} seeded standard-normal images ({@code seed}) at the encoder's input size through both.
     *
     * @param net     the network {@code encoder} was exported from; put in eval mode and moved to {@code device}
     * @param encoder its exported file
     * @param device  where libtorch runs the reference forward (checked by the caller)
     * @param threads ONNX Runtime's intra-op threads
     * @throws dev.repbench.runtime.features.session.SessionException if ONNX Runtime cannot run the file
     */
    public static Report check(Backbone net, LoadedEncoder encoder, Device device, int batch, long seed, int threads) {
        if (batch < 1) {
            throw new IllegalArgumentException("a parity check needs 1 or more images, got " + batch);
        }
        List<Integer> size = encoder.descriptor().preprocessing().inputSize();
        int height = size.get(0);
        int width = size.get(1);
        float[] images = new float[batch * 3 * height * width];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) random.nextGaussian();
        }
        net.eval();
        Map<String, float[]> onnx = onnxOutputs(encoder, images, batch, height, width, device, threads);
        Map<String, float[]> cpu = null;
        if (device.isCuda()) {
            net.to(Device.CPU);
            cpu = torchOutputs(net, images, batch, height, width, Device.CPU);
        }
        net.to(device);
        Map<String, float[]> onDevice = torchOutputs(net, images, batch, height, width, device);
        List<Output> outputs = new ArrayList<>();
        for (Map.Entry<String, float[]> e : onnx.entrySet()) {
            float[] reference = onDevice.get(e.getKey());
            if (reference == null) {
                continue; // a classifier's logits: not an encoder output
            }
            outputs.add(new Output(e.getKey(), relative(e.getValue(), reference),
                    cpu == null ? Double.NaN : relative(e.getValue(), cpu.get(e.getKey())),
                    cpu == null ? Double.NaN : relative(reference, cpu.get(e.getKey()))));
        }
        return new Report(device, OnnxEngine.providerFor(device), batch, height, width, outputs);
    }

    /** The file on the provider {@code device} gets for features: where it will run (the CPU one without CUDA's). */
    private static Map<String, float[]> onnxOutputs(LoadedEncoder encoder, float[] images, int batch, int height, int width,
                                                    Device device, int threads) {
        Map<String, float[]> values = new LinkedHashMap<>();
        try (EncoderSession session = OnnxEngine.open(encoder, device, threads)) {
            List<String> outputs = session.outputNames();
            try (BatchRunner runner = session.newBatchRunner(batch, height, width, outputs, 1, false)) {
                runner.input(0).put(0, images);
                BatchOutputs out = runner.run(0, batch);
                for (String name : outputs) {
                    FloatBuffer buffer = out.values(name);
                    float[] copy = new float[buffer.remaining()];
                    buffer.get(buffer.position(), copy);
                    values.put(name, copy);
                }
            }
        }
        return values;
    }

    private static Map<String, float[]> torchOutputs(Backbone net, float[] images, int batch, int height, int width,
                                                     Device device) {
        Map<String, float[]> values = new LinkedHashMap<>();
        try (Scope scope = Scope.open(); GradMode noGrad = GradMode.disabled()) {
            Tensor input = Tensor.of(images, batch, 3, height, width).to(device);
            values.put("embedding", net.forwardEmbedding(input).toFloatArray());
            List<Tensor> blocks = net.forwardBlocks(input);
            for (int i = 0; i < blocks.size(); i++) {
                values.put("block" + (i + 1), blocks.get(i).toFloatArray());
            }
        }
        return values;
    }

    /** max |a − b| / max |b|; 0 when both are all zero. */
    static double relative(float[] actual, float[] reference) {
        if (actual.length != reference.length) {
            throw new IllegalStateException("outputs differ in size: " + actual.length + " and " + reference.length + " values");
        }
        double difference = 0;
        double scale = 0;
        for (int i = 0; i < actual.length; i++) {
            difference = Math.max(difference, Math.abs((double) actual[i] - reference[i]));
            scale = Math.max(scale, Math.abs((double) reference[i]));
        }
        return scale == 0 ? difference : difference / scale;
    }
}
