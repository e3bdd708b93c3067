package dev.repbench.tasks.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * mIoU and Fl-all on a seeded random set against golden/metrics.json, written by the independent numpy script
 * src/test/python/make_metric_golden.py. The Java-array path must match exactly; the tensor path must give the
 * same counts.
 */
class GoldenMetricsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode golden;

    @BeforeAll
    static void load() throws IOException {
        Torch.setNumThreads(2);
        try (InputStream in = GoldenMetricsTest.class.getResourceAsStream("/golden/metrics.json")) {
            golden = JSON.readTree(in);
        }
    }

    @Test
    void committedGoldenFileIsWhatTheScriptWrites(@TempDir Path dir) throws Exception {
        Path fresh = dir.resolve("metrics.json");
        GoldenScript.run("make_metric_golden.py", fresh.toString());
        assertEquals(golden, JSON.readTree(fresh.toFile()), "regenerate src/test/resources/golden/metrics.json with the script");
    }

    @Test
    void meanIoUMatchesTheGoldenValuesExactly() {
        JsonNode seg = golden.get("segmentation");
        int classes = seg.get("classes").asInt();
        int ignore = seg.get("ignoreIndex").asInt();
        int batchImages = seg.get("batchImages").asInt();
        int[] labels = ints(seg.get("labels"));
        int[] predicted = ints(seg.get("predicted"));
        int perImage = seg.get("height").asInt() * seg.get("width").asInt();

        MeanIoU standard = MeanIoU.of(classes, ignore, MetricMode.STANDARD);
        MeanIoU compat = MeanIoU.of(classes, ignore, MetricMode.VIRB_COMPAT);
        int batchPixels = batchImages * perImage;
        for (int start = 0; start < labels.length; start += batchPixels) {
            int end = Math.min(labels.length, start + batchPixels);
            int[] l = java.util.Arrays.copyOfRange(labels, start, end);
            int[] p = java.util.Arrays.copyOfRange(predicted, start, end);
            standard.add(p, l, (end - start) / perImage);
            compat.add(p, l, (end - start) / perImage);
        }
        long[][] confusion = standard.confusionMatrix();
        for (int t = 0; t < classes; t++) {
            assertArrayEquals(longs(seg.get("confusion").get(t)), confusion[t], "confusion row " + t);
            JsonNode iou = seg.get("iou").get(t);
            assertEquals(iou.isNull() ? Double.NaN : iou.asDouble(), standard.iou(t), 0.0, "IoU of class " + t);
        }
        assertEquals(seg.get("pixels").asLong(), standard.count());
        assertEquals(seg.get("miou").asDouble(), standard.score(), 0.0);
        assertEquals(seg.get("miouVirbCompat").asDouble(), compat.score(), 0.0);

        // The tensor path (argmax and counting in libtorch) gives the same matrix.
        MeanIoU fromTensors = MeanIoU.of(classes, ignore, MetricMode.STANDARD);
        try (Scope s = Scope.open()) {
            long images = seg.get("images").asLong();
            long h = seg.get("height").asLong();
            long w = seg.get("width").asLong();
            Tensor labelTensor = Tensor.of(labels, images, h, w).to(dev.repbench.torch.DType.INT64);
            Tensor predictedTensor = Tensor.of(predicted, images, h, w).to(dev.repbench.torch.DType.INT64);
            fromTensors.addPredicted(predictedTensor, labelTensor);
        }
        for (int t = 0; t < classes; t++) {
            assertArrayEquals(confusion[t], fromTensors.confusionMatrix()[t]);
        }
        assertEquals(standard.score(), fromTensors.score(), 0.0);
    }

    @Test
    void flAllAndEndPointErrorMatchTheGoldenValuesExactly() {
        JsonNode flow = golden.get("flow");
        int images = flow.get("images").asInt();
        int h = flow.get("height").asInt();
        int w = flow.get("width").asInt();
        float[] truth = floats(flow.get("truth"));
        float[] predicted = floats(flow.get("predicted"));
        int[] valid = ints(flow.get("valid"));
        int plane = h * w;
        for (int n = 0; n < images; n++) {
            for (int i = 0; i < plane; i++) {
                if (valid[n * plane + i] == 0) {
                    truth[2 * n * plane + i] = Float.NaN;
                    truth[(2 * n + 1) * plane + i] = Float.NaN;
                }
            }
        }
        FlowMetrics metrics = FlowMetrics.of(MetricMode.STANDARD);
        metrics.add(predicted, truth, images);
        assertEquals(flow.get("validPixels").asLong(), metrics.count());
        assertEquals(flow.get("outliers").asLong(), metrics.outliers());
        assertEquals(flow.get("flAll").asDouble(), metrics.flAll(), 0.0);
        assertEquals(1 - flow.get("flAll").asDouble(), metrics.score(), 0.0);
        assertEquals(flow.get("meanEpe").asDouble(), metrics.meanEndPointError(), 0.0);
        assertTrue(metrics.outliers() > 0 && metrics.outliers() < metrics.count(), "the set has inliers and outliers");

        FlowMetrics fromTensors = FlowMetrics.of(MetricMode.STANDARD);
        try (Scope s = Scope.open()) {
            fromTensors.add(Tensor.of(predicted, images, 2, h, w), Tensor.of(truth, images, 2, h, w));
        }
        assertEquals(metrics.count(), fromTensors.count());
        assertEquals(metrics.outliers(), fromTensors.outliers());
        assertEquals(metrics.meanEndPointError(), fromTensors.meanEndPointError(), 1e-12);
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    private static long[] longs(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asLong();
        }
        return out;
    }

    private static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }
}
