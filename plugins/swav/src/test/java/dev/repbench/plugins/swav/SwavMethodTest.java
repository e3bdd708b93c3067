package dev.repbench.plugins.swav;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.optim.LearningRateSchedule;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SwavMethodTest {

    private static void assertUnitRows(Tensor weight) {
        try (Scope s = Scope.open()) {
            for (double norm : weight.norm(2, new long[] {1}, false).toDoubleArray()) {
                assertEquals(1.0, norm, 1e-5, "every prototype has unit length");
            }
        }
    }

    private static Tensor copyOf(Tensor t) {
        return t.detach().clone();
    }

    @Test
    void prototypesStayUnitNormAndTheLossIsFinite() {
        try (SwavMethod method = TinySwav.method(TinySwav.settings(Map.of(SwavSettings.FREEZE_PROTOTYPES_ITERATIONS, 0)));
             Scope s = Scope.open()) {
            Tensor prototypes = method.modules().get("prototypes").namedParameters().get("weight");
            assertArrayEquals(new long[] {10, 8}, prototypes.shape());
            assertUnitRows(prototypes);
            Tensor before = copyOf(prototypes);
            double loss = TinySwav.step(method, 0, 0, 0.5);
            assertTrue(Double.isFinite(loss) && loss > 0, "loss " + loss);
            assertFalse(before.allClose(prototypes, 0, 1e-7), "the prototypes trained");
            assertUnitRows(prototypes);
        }
    }

    @Test
    void frozenPrototypesChangeOnlyAfterTheFreeze() {
        try (SwavMethod method = TinySwav.method(TinySwav.settings(Map.of(SwavSettings.FREEZE_PROTOTYPES_ITERATIONS, 2)));
             Scope s = Scope.open()) {
            Tensor prototypes = method.modules().get("prototypes").namedParameters().get("weight");
            Tensor stem = method.backbone().namedParameters().get("conv1.weight");
            Tensor initialPrototypes = copyOf(prototypes);
            Tensor initialStem = copyOf(stem);
            TinySwav.step(method, 0, 0, 0.5);
            TinySwav.step(method, 1, 0, 0.5);
            assertTrue(initialPrototypes.allClose(prototypes, 0, 0), "frozen for steps 0 and 1");
            assertFalse(initialStem.allClose(stem, 0, 1e-7), "the backbone trains meanwhile");
            TinySwav.step(method, 2, 0, 0.5);
            assertFalse(initialPrototypes.allClose(prototypes, 0, 1e-7), "step 2 updates the prototypes");
            assertUnitRows(prototypes);
        }
    }

    @Test
    void theQueueFillsFromItsStartEpochAndShiftsByOneBatch() {
        int length = 2 * TinySwav.BATCH;
        SwavSettings settings = TinySwav.settings(Map.of(SwavSettings.QUEUE_LENGTH, length, SwavSettings.QUEUE_START_EPOCH, 1));
        try (SwavMethod method = TinySwav.method(settings); Scope s = Scope.open()) {
            Tensor queue = method.state().get("queue");
            Tensor filled = method.state().get("queue-filled-rows");
            assertArrayEquals(new long[] {2, length, 8}, queue.shape());

            TinySwav.step(method, 0, 0, 0.5);
            assertArrayEquals(new long[] {0, 0}, filled.toLongArray(), "epoch 0 is before the queue starts");
            assertEquals(0.0, queue.abs().sum().item());

            TinySwav.step(method, 1, 1, 0.5);
            assertArrayEquals(new long[] {TinySwav.BATCH, TinySwav.BATCH}, filled.toLongArray());
            Tensor newestAfterFirstPush = copyOf(queue.narrow(1, 0, TinySwav.BATCH));
            assertEquals(0.0, queue.narrow(1, TinySwav.BATCH, TinySwav.BATCH).abs().sum().item(), "older half still empty");
            for (double norm : newestAfterFirstPush.norm(2, new long[] {2}, false).toDoubleArray()) {
                assertEquals(1.0, norm, 1e-5, "queued rows are unit-norm features");
            }

            TinySwav.step(method, 2, 1, 0.5);
            assertArrayEquals(new long[] {length, length}, filled.toLongArray());
            assertTrue(newestAfterFirstPush.allClose(queue.narrow(1, TinySwav.BATCH, TinySwav.BATCH), 0, 0),
                    "the previous batch moved back by one batch");

            double loss = TinySwav.step(method, 3, 1, 0.5); // the full queue now joins the assignments
            assertTrue(Double.isFinite(loss), "loss " + loss);
            assertArrayEquals(new long[] {length, length}, filled.toLongArray(), "the count stops at the length");
        }
    }

    @Test
    void theScheduleWarmsUpFromZeroAndDecaysToTheScaledFinalRate() {
        try (SwavMethod method = TinySwav.method(TinySwav.settings(Map.of()))) {
            // 10 steps × 20 epochs = 200 steps; warm-up 10/100 of them; rates × 4/256 for the batch of 4.
            LearningRateSchedule schedule = method.schedule(10, 20);
            double scale = 4 / 256.0;
            assertEquals(0.0, schedule.at(0));
            assertEquals(0.6 * scale, schedule.at(19), 1e-15);
            assertTrue(schedule.at(10) < schedule.at(19));
            assertEquals(0.0006 * scale, schedule.at(200), 1e-15);
            assertTrue(schedule.at(100) < 0.6 * scale && schedule.at(100) > 0.0006 * scale);
        }
    }
}
