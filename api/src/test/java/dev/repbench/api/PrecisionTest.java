package dev.repbench.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.api.pretrain.PretrainingContext;
import org.junit.jupiter.api.Test;

class PrecisionTest {

    @Test
    void parsesWhatItPrints() {
        for (Precision p : Precision.values()) {
            assertEquals(p, Precision.parse(p.toString()));
        }
        assertEquals(Precision.BF16, Precision.parse(" BF16 "));
        assertEquals("fp32", Precision.FP32.toString());
    }

    @Test
    void refusesOtherTextNamingTheAcceptedForms() {
        for (String bad : new String[] {"fp16", "float32", "", "bf-16"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Precision.parse(bad), bad);
            assertTrue(e.getMessage().contains("fp32 or bf16"), e.getMessage());
        }
    }

    @Test
    void aHostWrittenBeforeTheSettingTrainsInFp32() throws Exception {
        var method = PretrainingContext.class.getMethod("precision");
        assertTrue(method.isDefault(), "precision() must stay a default method: hosts of SPI 1.2 do not implement it");
    }
}
