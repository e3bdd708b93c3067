package dev.repbench.plugins.moco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.api.Device;
import dev.repbench.api.pretrain.AlgorithmConfig;
import dev.repbench.plugins.kit.train.StepInput;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** One MoCo v2 step driven by hand, in the order the kit's loop calls a method: resnet18-small, 16², batch 8. */
class MocoMethodTest {
    private static final int BATCH = 8;
    private static final int SIDE = 16;

    @Test
    void theKeyEncoderStartsAsACopyAndIsNotTrainedByTheOptimizer() {
        Torch.manualSeed(1);
        try (MocoMethod method = tinyMethod(); Scope _ = Scope.open()) {
            Map<String, Tensor> queryState = method.queryEncoder().stateDict();
            method.keyEncoder().stateDict().forEach((name, value) ->
                    assertTrue(value.allClose(queryState.get(name), 0, 0), name + " differs from the query encoder's"));

            Set<Tensor> optimised = Collections.newSetFromMap(new IdentityHashMap<>());
            optimised.addAll(method.optimizer().parameters());
            for (Tensor parameter : method.keyEncoder().parameters()) {
                assertFalse(optimised.contains(parameter), "a key-encoder parameter is in the optimizer");
                assertFalse(parameter.requiresGrad(), "a key-encoder parameter requires gradients");
            }
            assertEquals(method.queryEncoder().parameters().size(), method.optimizer().parameters().size());
            assertTrue(optimised.containsAll(method.backbone().parameters()));
        }
    }

    @Test
    void aStepTrainsTheQueryEncoderMovesTheKeyEncoderAndEnqueuesTheKeys() {
        Torch.manualSeed(2);
        try (MocoMethod method = tinyMethod(); Scope _ = Scope.open()) {
            assertEquals(16, method.queue().size());
            Map<String, float[]> keyBefore = values(method.keyEncoder());

            StepInput input = stepInput(0);
            method.optimizer().zeroGrad();
            Tensor loss = method.loss(input);
            double value = loss.item();
            assertTrue(Double.isFinite(value) && value > 0, "loss " + value);
            loss.backward();
            for (Tensor parameter : method.keyEncoder().parameters()) {
                assertNull(parameter.grad(), "the key encoder received a gradient");
            }
            method.beforeOptimizerStep(input);
            method.optimizer().setLearningRate(method.schedule(10, 2).at(0));
            method.optimizer().step();
            Map<String, float[]> queryAfterStep = values(method.queryEncoder());
            method.afterOptimizerStep(input);

            assertEquals(BATCH, method.queue().pointer());
            Map<String, float[]> keyAfter = values(method.keyEncoder());
            double momentum = 0.999;
            method.keyEncoder().namedParameters().keySet().forEach(name -> {
                float[] before = keyBefore.get(name);
                float[] query = queryAfterStep.get(name);
                float[] after = keyAfter.get(name);
                for (int i = 0; i < after.length; i++) {
                    assertEquals(momentum * before[i] + (1 - momentum) * query[i], after[i], 1e-6, name + "[" + i + "]");
                }
            });
            float[] enqueued = method.queue().keys().narrow(0, 0, BATCH).toFloatArray();
            for (int i = 0; i < BATCH; i++) {
                double norm = 0;
                for (int d = 0; d < 128; d++) {
                    norm += enqueued[i * 128 + d] * enqueued[i * 128 + d];
                }
                assertEquals(1.0, norm, 1e-5, "enqueued key " + i + " is unit length");
            }
        }
    }

    @Test
    void theKeysOfAStepAreTheKeyEncodersOutputsInTheBatchsOrder() {
        Torch.manualSeed(3);
        try (MocoMethod method = tinyMethod(); Scope _ = Scope.open()) {
            StepInput input = stepInput(0);
            method.loss(input);
            method.afterOptimizerStep(input); // no optimiser step: the key encoder stays a copy of the query encoder
            Tensor enqueued = method.queue().keys().narrow(0, 0, BATCH);
            // The same images through the key encoder, in groups of 4 as the emulated devices saw them.
            Tensor keysAgain;
            try (var _ = dev.repbench.torch.GradMode.disabled()) {
                keysAgain = BatchGroups.shuffledInGroups(input.views().get(1), 2, new SplittableRandom(0),
                        method.keyEncoder()::encode);
            }
            assertTrue(enqueued.allClose(keysAgain, 1e-4, 1e-5), "the enqueued keys are not the step's keys");
        }
    }

    @Test
    void provenanceRecordsTheQueueAndItsClamp() {
        Torch.manualSeed(4);
        try (MocoMethod method = tinyMethod()) {
            assertEquals("16", method.provenance().get("queue-size"));
            assertEquals("32", method.provenance().get("queue-size-configured"));
            assertEquals(List.of("backbone", "projector", "key-encoder"), List.copyOf(method.modules().keySet()));
            assertArrayEquals(new String[] {KeyQueue.KEYS, KeyQueue.POINTER}, method.state().keySet().toArray(new String[0]));
        }
    }

    /** MoCo v2 with a queue of 32 asked for and 16 images: clamped to 16, two groups of 4. */
    static MocoMethod tinyMethod() {
        AlgorithmConfig config = new AlgorithmConfig(MocoSettings.defaults(MocoVariant.V2)).withOverrides(Map.of(
                MocoSettings.QUEUE_SIZE, 32, MocoSettings.SHUFFLE_BN_GROUPS, 2, MocoSettings.MLP_HIDDEN_DIMENSION, 32));
        return new MocoMethod(MocoSettings.from(config), "resnet18-small", BATCH, 16,
                (images, random) -> images.clone(), Device.CPU);
    }

    /** Two random views, and a step random seeded 0. */
    static StepInput stepInput(long step) {
        Tensor query = Tensor.rand(BATCH, 3, SIDE, SIDE);
        Tensor key = Tensor.rand(BATCH, 3, SIDE, SIDE);
        return new StepInput(step, 0, List.of(query, key), null, new int[BATCH], new SplittableRandom(0));
    }

    private static Map<String, float[]> values(MocoEncoder encoder) {
        Map<String, float[]> out = new java.util.LinkedHashMap<>();
        encoder.namedParameters().forEach((name, t) -> out.put(name, t.toFloatArray()));
        return out;
    }
}
