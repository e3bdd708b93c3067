package dev.repbench.runtime.report.svg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NiceTicksTest {
    @Test
    void coversRangeWithRoundSteps() {
        NiceTicks t = NiceTicks.of(0.13, 0.87, 6);
        assertEquals(0.2, t.step(), 1e-15);
        assertEquals(List.of(0.0, 0.2, 0.4, 0.6, 0.8, 1.0), t.values());
        assertEquals("0.6", t.label(0.6000000000000001));
    }

    @ParameterizedTest
    @CsvSource({"-3.7,12.2", "0,1", "-0.004,0.0031", "1234,98765", "55,55", "-1,1", "0.3,0.30001"})
    void ticksAreMultiplesOfAOneTwoFiveStep(double min, double max) {
        NiceTicks t = NiceTicks.of(min, max, 6);
        double exponent = Math.floor(Math.log10(t.step()));
        double mantissa = t.step() / Math.pow(10, exponent);
        assertTrue(Math.abs(mantissa - 1) < 1e-9 || Math.abs(mantissa - 2) < 1e-9 || Math.abs(mantissa - 5) < 1e-9,
                "step " + t.step());
        assertTrue(t.low() <= Math.min(min, max) && t.high() >= Math.max(min, max), t.values().toString());
        for (double v : t.values()) {
            double k = v / t.step();
            assertEquals(Math.round(k), k, 1e-6, "tick " + v + " is a multiple of " + t.step());
            assertTrue(t.label(v).length() <= 12, "short label " + t.label(v));
        }
        assertTrue(t.values().size() >= 2 && t.values().size() <= 12, t.values().toString());
    }

    @Test
    void labelsHaveTheDecimalsOfTheStep() {
        NiceTicks t = NiceTicks.of(-0.05, 0.05, 6);
        assertEquals("-0.04", t.label(-0.04));
        assertEquals("0.00", t.label(-0.0));
        assertEquals("20", NiceTicks.of(0, 100, 6).label(20));
    }
}
