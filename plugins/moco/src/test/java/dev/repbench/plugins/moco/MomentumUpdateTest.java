package dev.repbench.plugins.moco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.repbench.torch.GradMode;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.BatchNorm2d;
import dev.repbench.torch.nn.Linear;
import dev.repbench.torch.nn.Sequential;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MomentumUpdateTest {

    @Test
    void everyParameterBecomesTheMovingAverageAndBuffersAreLeftAlone() {
        try (Sequential key = tinyNet(); Sequential query = tinyNet(); Scope _ = Scope.open()) {
            setRunningMean(query, 5.0);
            double momentum = 0.75;
            Map<String, float[]> keyBefore = values(key.namedParameters());
            Map<String, float[]> queryValues = values(query.namedParameters());
            float[] keyRunningMean = key.namedBuffers().get("1.running_mean").toFloatArray();

            MomentumUpdate.apply(key, query, momentum);

            key.namedParameters().forEach((name, parameter) -> {
                float[] actual = parameter.toFloatArray();
                for (int i = 0; i < actual.length; i++) {
                    double expected = momentum * keyBefore.get(name)[i] + (1 - momentum) * queryValues.get(name)[i];
                    assertEquals(expected, actual[i], 1e-6, name + "[" + i + "]");
                }
            });
            assertArrayEquals(keyRunningMean, key.namedBuffers().get("1.running_mean").toFloatArray());
        }
    }

    @Test
    void momentumZeroCopiesAndMomentumOneFreezes() {
        try (Sequential key = tinyNet(); Sequential query = tinyNet(); Scope _ = Scope.open()) {
            float[] before = key.namedParameters().get("0.weight").toFloatArray();
            MomentumUpdate.apply(key, query, 1.0);
            assertArrayEquals(before, key.namedParameters().get("0.weight").toFloatArray());
            MomentumUpdate.apply(key, query, 0.0);
            assertArrayEquals(query.namedParameters().get("0.weight").toFloatArray(),
                    key.namedParameters().get("0.weight").toFloatArray());
        }
    }

    @Test
    void differentNetworksOrAMomentumOutsideTheUnitIntervalAreRefused() {
        try (Sequential key = tinyNet(); Sequential other = new Sequential(new Linear(3, 4)); Scope _ = Scope.open()) {
            assertThrows(IllegalArgumentException.class, () -> MomentumUpdate.apply(key, other, 0.9));
            assertThrows(IllegalArgumentException.class, () -> MomentumUpdate.apply(key, key, 1.5));
        }
    }

    private static Sequential tinyNet() {
        return new Sequential(new Linear(3, 4), new BatchNorm2d(4));
    }

    private static void setRunningMean(Sequential net, double value) {
        try (GradMode _ = GradMode.disabled()) {
            net.namedBuffers().get("1.running_mean").fillInPlace(value);
        }
    }

    private static Map<String, float[]> values(Map<String, Tensor> tensors) {
        Map<String, float[]> out = new java.util.LinkedHashMap<>();
        tensors.forEach((name, t) -> out.put(name, t.toFloatArray()));
        return out;
    }
}
