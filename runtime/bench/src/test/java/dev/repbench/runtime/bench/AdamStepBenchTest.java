package dev.repbench.runtime.bench;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AdamStepBenchTest {

    @Test
    void theStepCoversTheDepthHeadsSize() {
        List<long[]> shapes = AdamStepBench.shapes();
        assertEquals(32, shapes.size());
        assertEquals(6_202_752, shapes.stream().mapToLong(s -> Arrays.stream(s).reduce(1, (a, b) -> a * b)).sum());
    }
}
