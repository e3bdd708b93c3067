package dev.repbench.plugins.swav;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.api.pretrain.AlgorithmConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SwavSettingsTest {

    private static SwavSettings paperWith(String name, Object value) {
        Map<String, Object> values = new HashMap<>();
        SwavSettings.PAPER.addTo(values);
        return SwavSettings.from(new AlgorithmConfig(values).withOverrides(Map.of(name, value)));
    }

    @Test
    void theConfigRoundTripsAndHoldsThePapersValues() {
        Map<String, Object> values = new HashMap<>();
        SwavSettings.PAPER.addTo(values);
        SwavSettings read = SwavSettings.from(new AlgorithmConfig(values));
        assertEquals(SwavSettings.PAPER, read);
        assertEquals(3000, read.prototypes());
        assertEquals(0.1, read.temperature());
        assertEquals(0.05, read.sinkhornEpsilon());
        assertEquals(3, read.sinkhornIterations());
        assertEquals(8, read.views());
        assertEquals(313, read.freezePrototypesIterations());
        assertEquals(0, read.queueLength());
    }

    @Test
    void smallCropsKeepThePapersSideRatio() {
        assertEquals(96, SwavSettings.PAPER.localCropSide(224));
        assertEquals(14, SwavSettings.PAPER.localCropSide(32));
        assertEquals(7, SwavSettings.PAPER.localCropSide(16));
    }

    @Test
    void learningRatesScaleLinearlyWithTheBatch() {
        assertEquals(0.25, SwavSettings.PAPER.learningRateScale(64));
        assertEquals(16.0, SwavSettings.PAPER.learningRateScale(4096));
    }

    @Test
    void theQueueLengthIsRoundedDownToWholeBatches() {
        SwavSettings withQueue = paperWith(SwavSettings.QUEUE_LENGTH, 3840);
        assertEquals(3840, withQueue.effectiveQueueLength(256));
        assertEquals(3800, withQueue.effectiveQueueLength(100));
        assertEquals(0, SwavSettings.PAPER.effectiveQueueLength(64));
        IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class,
                () -> paperWith(SwavSettings.QUEUE_LENGTH, 10).effectiveQueueLength(64));
        assertTrue(tooShort.getMessage().contains("queue-length"), tooShort.getMessage());
    }

    @Test
    void badValuesAreRefusedByName() {
        for (Map.Entry<String, Object> bad : Map.<String, Object>of(SwavSettings.PROTOTYPES, 0,
                SwavSettings.TEMPERATURE, -0.1, SwavSettings.LOCAL_CROP_MAX_SCALE, 0.01,
                SwavSettings.WARMUP_EPOCHS, 100.0, SwavSettings.SINKHORN_ITERATIONS, 0).entrySet()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> paperWith(bad.getKey(), bad.getValue()));
            assertTrue(e.getMessage().contains(bad.getKey()), e.getMessage());
        }
        Map<String, Object> values = new HashMap<>();
        SwavSettings.PAPER.addTo(values);
        AlgorithmConfig oneView = new AlgorithmConfig(values).withOverrides(Map.of(SwavSettings.GLOBAL_CROPS, 1, SwavSettings.LOCAL_CROPS, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SwavSettings.from(oneView));
        assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
    }
}
