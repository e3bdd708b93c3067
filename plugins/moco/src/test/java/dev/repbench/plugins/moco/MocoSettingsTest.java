package dev.repbench.plugins.moco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.api.pretrain.AlgorithmConfig;
import dev.repbench.plugins.kit.train.OptimizerConfig;
import dev.repbench.torch.optim.LearningRateSchedule;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MocoSettingsTest {

    @Test
    void defaultsAreThePapers() {
        MocoSettings v1 = MocoSettings.from(new AlgorithmConfig(MocoSettings.defaults(MocoVariant.V1)));
        MocoSettings v2 = MocoSettings.from(new AlgorithmConfig(MocoSettings.defaults(MocoVariant.V2)));
        for (MocoSettings s : new MocoSettings[] {v1, v2}) {
            assertEquals(128, s.projectionDim());
            assertEquals(65_536, s.queueSize());
            assertEquals(0.999, s.keyMomentum());
            assertEquals(OptimizerConfig.sgd(0.03, 0.9, 1e-4), s.optimizer());
            assertArrayEquals(new double[] {0.6, 0.8}, s.stepMilestones());
            assertEquals(0.1, s.stepGamma());
            assertEquals(0.2, s.cropMinScale());
        }
        assertEquals(0.07, v1.temperature());
        assertFalse(v1.mlpHead());
        assertEquals(MocoSchedule.Kind.STEP, v1.schedule());
        assertEquals(MocoVariant.V1, v1.augmentationPreset());
        assertEquals(0.2, v2.temperature());
        assertTrue(v2.mlpHead());
        assertEquals(2048, v2.projectorHiddenDim());
        assertEquals(MocoSchedule.Kind.COSINE, v2.schedule());
        assertEquals(MocoVariant.V2, v2.augmentationPreset());
    }

    @Test
    void theQueueIsAMultipleOfTheBatchAndAtMostOneEpochOfKeys() {
        MocoSettings settings = withQueue(65_536);
        assertEquals(65_536, settings.effectiveQueueSize(256, 1_281_167));
        assertEquals(59_968, settings.effectiveQueueSize(64, 60_000)); // Fashion-MNIST: 937 batches of 64
        assertEquals(65_472, settings.effectiveQueueSize(96, 1_000_000)); // 65,536 rounded down to 682 batches
        assertEquals(16, withQueue(16).effectiveQueueSize(8, 100));
        assertEquals(16, withQueue(20).effectiveQueueSize(8, 100));
        assertEquals(16, withQueue(64).effectiveQueueSize(8, 23));
    }

    @Test
    void aQueueSmallerThanABatchOrADatasetSmallerThanABatchIsRefused() {
        IllegalArgumentException queue = assertThrows(IllegalArgumentException.class, () -> withQueue(4).effectiveQueueSize(8, 100));
        assertTrue(queue.getMessage().contains(MocoSettings.QUEUE_SIZE), queue.getMessage());
        assertThrows(IllegalArgumentException.class, () -> withQueue(64).effectiveQueueSize(8, 7));
    }

    @Test
    void stepScheduleDropsAtSixtyAndEightyPercentOfTheEpochs() {
        MocoSettings v1 = MocoSettings.from(new AlgorithmConfig(MocoSettings.defaults(MocoVariant.V1)));
        assertArrayEquals(new long[] {120, 160}, MocoSchedule.milestoneEpochs(v1.stepMilestones(), 200));
        LearningRateSchedule schedule = MocoSchedule.of(v1, 10, 200);
        assertEquals(0.03, schedule.at(0));
        assertEquals(0.03, schedule.at(1199));
        assertEquals(0.03 * 0.1, schedule.at(1200), 1e-15);
        assertEquals(0.03 * 0.1 * 0.1, schedule.at(1600), 1e-15);
        assertEquals(0.03 * 0.1 * 0.1, schedule.at(1999), 1e-15);
        assertArrayEquals(new long[] {6, 8}, MocoSchedule.milestoneEpochs(v1.stepMilestones(), 10));
    }

    @Test
    void cosineScheduleChangesOncePerEpoch() {
        MocoSettings v2 = MocoSettings.from(new AlgorithmConfig(MocoSettings.defaults(MocoVariant.V2)));
        LearningRateSchedule schedule = MocoSchedule.of(v2, 5, 4);
        assertEquals(0.03, schedule.at(0), 1e-15);
        assertEquals(0.03, schedule.at(4), 1e-15);
        assertEquals(0.03 * 0.5 * (1 + Math.cos(Math.PI / 4)), schedule.at(5), 1e-15);
        assertEquals(0.03 * 0.5 * (1 + Math.cos(Math.PI * 3 / 4)), schedule.at(19), 1e-15);
    }

    @Test
    void badValuesAreRefusedByName() {
        AlgorithmConfig defaults = new AlgorithmConfig(MocoSettings.defaults(MocoVariant.V2));
        IllegalArgumentException schedule = assertThrows(IllegalArgumentException.class,
                () -> MocoSettings.from(defaults.withOverrides(Map.of(MocoSettings.LR_SCHEDULE, "linear"))));
        assertTrue(schedule.getMessage().contains(MocoSettings.LR_SCHEDULE), schedule.getMessage());
        IllegalArgumentException milestones = assertThrows(IllegalArgumentException.class,
                () -> MocoSettings.from(defaults.withOverrides(Map.of(MocoSettings.LR_STEP_MILESTONES, "0.8,0.6"))));
        assertTrue(milestones.getMessage().contains(MocoSettings.LR_STEP_MILESTONES), milestones.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> MocoSettings.from(defaults.withOverrides(Map.of(MocoSettings.TEMPERATURE, 0.0))));
        assertThrows(IllegalArgumentException.class,
                () -> MocoSettings.from(defaults.withOverrides(Map.of(MocoSettings.AUGMENTATION, "simclr"))));
        for (double scale : new double[] {0.0, 1.5}) {
            IllegalArgumentException crop = assertThrows(IllegalArgumentException.class,
                    () -> MocoSettings.from(defaults.withOverrides(Map.of(MocoSettings.CROP_MIN_SCALE, scale))));
            assertTrue(crop.getMessage().contains(MocoSettings.CROP_MIN_SCALE), crop.getMessage());
        }
        assertEquals(0.6, MocoSettings.from(defaults.withOverrides(Map.of(MocoSettings.CROP_MIN_SCALE, 0.6)))
                .cropMinScale());
    }

    private static MocoSettings withQueue(int size) {
        return MocoSettings.from(new AlgorithmConfig(MocoSettings.defaults(MocoVariant.V2))
                .withOverrides(Map.of(MocoSettings.QUEUE_SIZE, size)));
    }
}
