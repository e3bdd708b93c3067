package dev.repbench.torch.io;

import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Proves layout detection for each study layout and that selection keeps the encoder, drops heads, ignores the rest. */
class CheckpointLayoutTest {
    private static final Set<String> ENCODER = Set.of("conv1.weight", "bn1.weight", "layer1.0.conv1.weight");

    private static Map<String, Tensor> checkpoint(String prefix, String... extra) {
        Map<String, Tensor> keys = new LinkedHashMap<>();
        for (String k : ENCODER) {
            keys.put(prefix + k, Tensor.zeros(1));
        }
        for (String k : extra) {
            keys.put(k, Tensor.zeros(1));
        }
        return keys;
    }

    @Test
    void detectsEachStudyLayoutFromItsKeys() {
        try (Scope s = Scope.open()) {
            assertEquals(CheckpointLayout.TORCHVISION, CheckpointLayout.detect(checkpoint("", "fc.weight").keySet(), ENCODER));
            assertEquals(CheckpointLayout.DATA_PARALLEL, CheckpointLayout.detect(checkpoint("module.", "module.prototypes.weight").keySet(), ENCODER));
            assertEquals(CheckpointLayout.MOCO, CheckpointLayout.detect(checkpoint("state_dict.module.encoder_q.",
                    "state_dict.module.encoder_k.conv1.weight", "state_dict.module.queue").keySet(), ENCODER));
            assertEquals(CheckpointLayout.VISSL, CheckpointLayout.detect(
                    checkpoint("classy_state_dict.base_model.model.trunk._feature_blocks.").keySet(), ENCODER));
        }
    }

    @Test
    void selectionKeepsTheEncoderDropsHeadsTheModelLacksAndSetsTheRestAside() {
        try (Scope s = Scope.open()) {
            Map<String, Tensor> moco = checkpoint("state_dict.module.encoder_q.",
                    "state_dict.module.encoder_q.fc.0.weight", "state_dict.module.encoder_k.conv1.weight", "epoch_tensor");
            CheckpointLayout.Selection sel = CheckpointLayout.MOCO.select(moco, ENCODER);
            assertEquals(ENCODER, sel.tensors().keySet());
            assertEquals(List.of("fc.0.weight"), sel.droppedHeads());
            assertEquals(2, sel.outsidePrefix());

            Set<String> withClassifier = Set.of("conv1.weight", "bn1.weight", "layer1.0.conv1.weight", "fc.0.weight");
            assertEquals(withClassifier, CheckpointLayout.MOCO.select(moco, withClassifier).tensors().keySet(),
                    "a head the model has is kept, so a strict load checks it");
        }
    }

    @Test
    void namesResolveAndUnknownNamesListTheChoices() {
        assertNull(CheckpointLayout.named("auto"));
        assertEquals(CheckpointLayout.SWAV, CheckpointLayout.named("swav"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CheckpointLayout.named("simclr"));
        assertEquals("unknown checkpoint layout 'simclr': use auto, vissl, moco, data-parallel, swav, torchvision", e.getMessage());
    }
}
