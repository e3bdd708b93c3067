package dev.repbench.plugins.kit.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SinkhornTest {
    private static final Path GENERATOR = Path.of("src/test/python/make_sinkhorn_golden.py");

    @Test
    void matchesAnIndependentNumpyVersion() throws Exception {
        List<String> lines = runGenerator();
        String[] header = lines.getFirst().split(" ");
        assertEquals("scores", header[0]);
        long samples = Long.parseLong(header[1]);
        long prototypes = Long.parseLong(header[2]);
        double[] scores = numbers(header, 3);
        int cases = 0;
        try (Scope s = Scope.open()) {
            Tensor input = Tensor.of(scores, samples, prototypes);
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.split(" ");
                assertEquals("case", fields[0]);
                double epsilon = Double.parseDouble(fields[1]);
                int iterations = Integer.parseInt(fields[2]);
                double[] expected = numbers(fields, 3);
                double[] actual = Sinkhorn.assignments(input, epsilon, iterations).toDoubleArray();
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], actual[i], 1e-9 * Math.abs(expected[i]) + 1e-15,
                            "epsilon " + epsilon + ", " + iterations + " iterations, element " + i);
                }
                cases++;
            }
        }
        assertEquals(4, cases);
    }

    @Test
    void everySampleSumsToOneAndPrototypeTotalsApproachUniform() {
        try (Scope s = Scope.open()) {
            Torch.manualSeed(3);
            long samples = 16;
            long prototypes = 8;
            Tensor scores = Tensor.randn(samples, prototypes).mul(0.3);
            double previousDeviation = Double.POSITIVE_INFINITY;
            for (int iterations : new int[] {3, 30, 300}) {
                Tensor q = Sinkhorn.assignments(scores, 0.05, iterations);
                assertArrayEquals(new long[] {samples, prototypes}, q.shape());
                assertTrue(q.min().item() >= 0, "assignments are non-negative");
                for (double rowSum : q.sum(1, false).toDoubleArray()) {
                    assertEquals(1.0, rowSum, 1e-5, "each sample's assignment sums to 1 after " + iterations + " iterations");
                }
                double deviation = q.sum(0, false).sub((double) samples / prototypes).abs().max().item();
                assertTrue(deviation < previousDeviation / 5, "prototype totals approach B/K = 2: max deviation "
                        + deviation + " after " + iterations + " iterations, " + previousDeviation + " before");
                previousDeviation = deviation;
            }
            assertTrue(previousDeviation < 1e-3, "prototype totals after 300 iterations are within 1e-3 of B/K, got " + previousDeviation);
        }
    }

    @Test
    void recordsNoGradientAndLeavesTheScoresAlone() {
        try (Scope s = Scope.open()) {
            Tensor scores = Tensor.of(new float[] {0.5f, -0.5f, 0.25f, 0.75f}, 2, 2).requiresGrad(true);
            Tensor q = Sinkhorn.assignments(scores, 0.05, 3);
            assertFalse(q.requiresGrad());
            assertArrayEquals(new float[] {0.5f, -0.5f, 0.25f, 0.75f}, scores.toFloatArray());
        }
    }

    @Test
    void largeScoresDoNotOverflow() {
        try (Scope s = Scope.open()) {
            // exp(60 / 0.05) overflows float32 and float64: the max shift keeps the result finite.
            Tensor scores = Tensor.of(new float[] {60f, 59f, 59.5f, 60f, 59f, 59.2f}, 3, 2);
            float[] q = Sinkhorn.assignments(scores, 0.05, 3).toFloatArray();
            for (float value : q) {
                assertTrue(Float.isFinite(value), Arrays.toString(q));
            }
            assertEquals(1.0, q[0] + q[1], 1e-6);
        }
    }

    @Test
    void rejectsBadArguments() {
        try (Scope s = Scope.open()) {
            Tensor vector = Tensor.zeros(4);
            Tensor matrix = Tensor.zeros(2, 3);
            assertThrows(IllegalArgumentException.class, () -> Sinkhorn.assignments(vector, 0.05, 3));
            assertThrows(IllegalArgumentException.class, () -> Sinkhorn.assignments(matrix, 0, 3));
            assertThrows(IllegalArgumentException.class, () -> Sinkhorn.assignments(matrix, 0.05, 0));
        }
    }

    private static double[] numbers(String[] fields, int from) {
        return Arrays.stream(fields, from, fields.length).mapToDouble(Double::parseDouble).toArray();
    }

    private static List<String> runGenerator() throws IOException, InterruptedException {
        assertTrue(Files.isRegularFile(GENERATOR), "run the test from plugins/kit: " + GENERATOR.toAbsolutePath());
        Process process = new ProcessBuilder("/usr/bin/python3", GENERATOR.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the generator did not finish");
        assertEquals(0, process.exitValue(), "the generator failed:\n" + output);
        return new ArrayList<>(output.lines().filter(l -> !l.isBlank()).toList());
    }
}
