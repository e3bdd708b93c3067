package dev.repbench.plugins.kit.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** The batched colour and blur operations against torchvision.transforms.functional, image by image. */
class TorchvisionParityTest {
    private static final float TOLERANCE = 2e-6f;

    private static void assertMatches(String name, BiFunction<Tensor, double[], Tensor> operation, String parameter)
            throws Exception {
        JsonNode golden = ReferenceValues.augment().get(name);
        try (Scope s = Scope.open()) {
            Tensor images = Tensor.of(ReferenceValues.inputBatch(), 2, 3, 9, 9);
            float[] actual = operation.apply(images, ReferenceValues.doubles(golden.get(parameter))).toFloatArray();
            assertArrayEquals(ReferenceValues.floats(golden.get("values")), actual, TOLERANCE, name);
        }
    }

    @Test
    void brightnessMatchesTorchvision() throws Exception {
        assertMatches("brightness", ColorJitter::brightness, "factors");
    }

    @Test
    void contrastMatchesTorchvision() throws Exception {
        assertMatches("contrast", ColorJitter::contrast, "factors");
    }

    @Test
    void saturationMatchesTorchvision() throws Exception {
        assertMatches("saturation", ColorJitter::saturation, "factors");
    }

    @Test
    void grayscaleMatchesTorchvision() throws Exception {
        assertMatches("grayscale", (images, unused) -> new RandomGrayscale(1.0).apply(images, new java.util.SplittableRandom(1)),
                "values");
    }

    @Test
    void blurMatchesTorchvisionForFixedSigmas() throws Exception {
        int kernel = ReferenceValues.augment().get("blur").get("kernel").asInt();
        assertMatches("blur", (images, sigmas) -> GaussianBlur.applyWith(images, sigmas, kernel), "sigmas");
    }
}
