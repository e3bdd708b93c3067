package dev.repbench.plugins.pirl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.plugins.kit.train.StepInput;
import dev.repbench.plugins.kit.train.ViewSpec;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import dev.repbench.torch.nn.Functional;
import dev.repbench.torch.nn.Linear;
import dev.repbench.torch.optim.LearningRateSchedule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PirlMethodTest {
    @TempDir
    Path folder;

    private PirlMethod method(Map<String, Object> overrides) {
        Torch.manualSeed(1);
        return new PirlMethod(TinyPirlRuns.context(12, 24, overrides, folder));
    }

    private static StepInput step(PirlMethod method, int[] indices, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Tensor images = Tensor.rand(indices.length, 3, 24, 24);
        List<Tensor> views = new ArrayList<>();
        for (ViewSpec spec : method.views()) {
            views.add(spec.augmentation().apply(images, random));
        }
        return new StepInput(0, 0, views, null, indices, random);
    }

    @Test
    void viewsAreTheImageAndTheJigsawAtTheLoopsSide() {
        try (Scope s = Scope.open(); PirlMethod method = method(Map.of("negatives", 8))) {
            assertEquals(List.of("image", "jigsaw"), method.views().stream().map(ViewSpec::name).toList());
            StepInput input = step(method, new int[] {0, 1, 2, 3}, 1);
            assertArrayEquals(new long[] {4, 3, 24, 24}, input.views().get(0).shape());
            assertArrayEquals(new long[] {4, 3, 24, 24}, input.views().get(1).shape());
        }
    }

    @Test
    void lossReachesBackboneAndBothHeadsAndEstimatesZOnce() {
        try (Scope s = Scope.open(); PirlMethod method = method(Map.of("negatives", 8))) {
            Tensor z = method.state().get("nce-normalising-constant");
            assertEquals(0.0, z.item());
            Tensor loss = method.loss(step(method, new int[] {0, 1, 2, 3}, 1));
            assertTrue(Double.isFinite(loss.item()) && loss.item() > 0, "loss " + loss.item());
            double estimated = z.item();
            assertTrue(estimated > 0, "Z is estimated on the first step");
            loss.backward();
            assertNotNull(method.backbone().parameters().getFirst().grad());
            assertNotNull(method.modules().get("image-head").parameters().getFirst().grad());
            assertNotNull(method.modules().get("jigsaw-head").parameters().getFirst().grad());
            method.afterOptimizerStep(step(method, new int[] {0, 1, 2, 3}, 1));
            method.loss(step(method, new int[] {4, 5, 6, 7}, 2));
            assertEquals(estimated, z.item(), "Z is kept after the first step");
            assertEquals("8", method.provenance().get("negatives"));
        }
    }

    @Test
    void memoryUpdateMovesTheBatchsEntriesToTheImageRepresentationsOnly() {
        // memory momentum 0: the updated entries are exactly the image branch's normalised representations
        try (Scope s = Scope.open(); PirlMethod method = method(Map.of("negatives", 8, "memory-momentum", 0.0, "loss", "infonce"))) {
            Tensor bank = method.state().get("memory-bank");
            Tensor before = bank.clone();
            int[] indices = {2, 5, 7, 11};
            StepInput input = step(method, indices, 3);
            method.loss(input);
            method.afterOptimizerStep(input);
            Tensor expected = Functional.normalize(((Linear) method.modules().get("image-head"))
                    .forward(method.backbone().forwardEmbedding(input.views().get(0))), 1);
            Tensor rows = Tensor.of(new long[] {2, 5, 7, 11}, 4);
            assertTrue(bank.indexSelect(0, rows).allClose(expected, 1e-4, 1e-5));
            for (int i = 0; i < 12; i++) {
                boolean updated = i == 2 || i == 5 || i == 7 || i == 11;
                assertEquals(!updated, bank.select(0, i).allClose(before.select(0, i), 0, 0), "entry " + i);
            }
            assertTrue(bank.norm(2, new long[] {1}, false).allClose(Tensor.ones(12), 1e-5, 1e-5));
            assertEquals(0.0, method.state().get("nce-normalising-constant").item(), "InfoNCE needs no Z");
        }
    }

    @Test
    void batchNormStatisticsAreTheImageBranchsUnlessThePatchesAreAllowedToUpdateThem() {
        for (boolean patchesUpdate : new boolean[] {false, true}) {
            Map<String, Object> settings = Map.of("negatives", 8, "patches-update-bn-statistics", patchesUpdate);
            try (Scope s = Scope.open(); PirlMethod method = method(settings); PirlMethod imagesOnly = method(settings)) {
                method.backbone().train(true);
                imagesOnly.backbone().train(true);
                StepInput input = step(method, new int[] {0, 1, 2, 3}, 5);
                method.loss(input).backward();
                method.beforeOptimizerStep(input);
                imagesOnly.backbone().forwardEmbedding(input.views().get(0));

                Map<String, Tensor> trained = method.backbone().namedBuffers();
                Map<String, Tensor> expected = imagesOnly.backbone().namedBuffers();
                boolean same = trained.keySet().stream().allMatch(k -> trained.get(k).allClose(expected.get(k), 0, 0));
                assertEquals(!patchesUpdate, same, "patches-update-bn-statistics=" + patchesUpdate);
            }
        }
    }

    @Test
    void learningRateIsScaledAndDecaysByEpoch() {
        try (Scope s = Scope.open(); PirlMethod method = method(Map.of())) {
            LearningRateSchedule schedule = method.schedule(10, 4);
            double base = 0.12 * 4 / 1024;
            double last = 0.00012 * 4 / 1024;
            assertEquals(base, schedule.at(0), 1e-15);
            assertEquals(base, schedule.at(9), 1e-15);
            assertEquals(last + 0.5 * (base - last) * (1 + Math.cos(Math.PI / 4)), schedule.at(10), 1e-15);
            assertEquals(last + 0.5 * (base - last) * (1 + Math.cos(3 * Math.PI / 4)), schedule.at(39), 1e-15);
            assertEquals(base, method.optimizer().learningRate(), 1e-15);
        }
    }
}
