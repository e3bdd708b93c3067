package dev.repbench.plugins.pirl;

import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import dev.repbench.torch.nn.BatchNorm2d;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class HeldStatisticsTest {

    @Test
    void aHeldForwardPassLeavesTheRunningStatisticsAsTheyWere() {
        Torch.manualSeed(3);
        try (BatchNorm2d norm = new BatchNorm2d(2); Scope s = Scope.open()) {
            norm.train(true);
            norm.forward(Tensor.randn(4, 2, 5, 5).mulInPlace(3.0).add(1.0));
            float[] mean = norm.runningMean().toFloatArray();
            float[] variance = norm.runningVar().toFloatArray();
            long batches = norm.numBatchesTracked().toLongArray()[0];

            HeldStatistics held = HeldStatistics.of(norm);
            Tensor out = norm.forward(Tensor.randn(4, 2, 5, 5).mulInPlace(10.0));
            assertFalse(java.util.Arrays.equals(mean, norm.runningMean().toFloatArray()), "the pass moved them");
            held.restore();

            assertArrayEquals(mean, norm.runningMean().toFloatArray());
            assertArrayEquals(variance, norm.runningVar().toFloatArray());
            assertEquals(batches, norm.numBatchesTracked().toLongArray()[0]);
            // the held pass itself normalised with its own batch statistics: mean 0 per channel
            assertEquals(0.0, out.mean().item(), 1e-5);
        }
    }
}
