package dev.repbench.runtime.eval;

import dev.repbench.api.Precision;
import dev.repbench.api.task.HeadKind;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The precision in the protocol's settings: in the hash when it is bf16, never for fp32, and only for pixelwise heads. */
class ProtocolConfigPrecisionTest {
    /** {@code ProtocolConfig.study(10).hash()} before the precision existed (the sha256 of its v1 canonical text): every
     * fp32 record keeps its key. */
    private static final String STUDY_10_EPOCHS_HASH = "2e4b50ffd4e55319";

    @Test
    void fp32KeepsTheHashItHadBeforeThePrecisionExisted() {
        assertEquals(STUDY_10_EPOCHS_HASH, ProtocolConfig.study(10).hash());
        assertEquals(ProtocolConfig.study(10).hash(), ProtocolConfig.study(10).withPrecision(Precision.FP32).hash());
    }

    @Test
    void bf16IsAnotherConfiguration() {
        ProtocolConfig fp32 = ProtocolConfig.study(10);
        assertNotEquals(fp32.hash(), fp32.withPrecision(Precision.BF16).hash());
        assertEquals(Precision.BF16, fp32.withPrecision(Precision.BF16).withEpochs(3).precision(), "copies keep the precision");
    }

    @Test
    void onlyPixelwiseHeadsTakeTheChoice() {
        ProtocolConfig.Choices bf16 = new ProtocolConfig.Choices(3e-4, null, null, dev.repbench.tasks.metrics.MetricMode.STANDARD,
                InputResolution.TASK, Precision.BF16);
        assertEquals(Precision.BF16, ProtocolConfig.forTask(new TinyPixelTask(TinyPixelTask.Kind.SEGMENTATION, 8, 4), bf16).precision());
        ProtocolConfig linear = ProtocolConfig.forTask(new TinyFashionTask(HeadKind.LINEAR), bf16);
        assertEquals(Precision.FP32, linear.precision());
        assertEquals(ProtocolConfig.forTask(new TinyFashionTask(HeadKind.LINEAR), ProtocolConfig.Choices.STUDY).hash(), linear.hash(),
                "an image-level cell asked in bf16 is the fp32 cell");
    }
}
