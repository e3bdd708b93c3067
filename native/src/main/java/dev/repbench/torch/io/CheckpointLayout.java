package dev.repbench.torch.io;

import dev.repbench.torch.Tensor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where an encoder's weights sit inside a training checkpoint, for the layouts the study's encoders ship in.
 *
 * <p>A layout names the key prefix of the encoder (the trunk, in torchvision's parameter names once the prefix is
 * removed) and the pretraining heads that may sit under the same prefix. Selecting from a checkpoint keeps the keys
 * under the prefix, with the prefix removed; keys outside it are other training state (the optimizer, MoCo's key
 * encoder and queue, VISSL's heads) and are set aside; head keys are dropped only when the target has no parameter
 * of that name. Everything kept must then match the model exactly (a strict load): unlike ViRB's
 * {@code strict=False}, a mismatch is an error listing the keys, never silently random weights.
 *
 * @param name          the layout's name on the command line
 * @param prefix        the encoder's key prefix in the flattened checkpoint ({@code ""} for a plain state dict)
 * @param headPrefixes  keys (after the prefix) of pretraining heads, dropped when the target lacks them
 */
public record CheckpointLayout(String name, String prefix, List<String> headPrefixes) {

    /** A plain torchvision state dict ({@code conv1.weight, ..., fc.bias}). */
    public static final CheckpointLayout TORCHVISION = new CheckpointLayout("torchvision", "", List.of("fc."));
    /**
     * A state dict saved from {@code nn.DataParallel}/DDP ({@code module.conv1.weight}); SwAV's heads are
     * recognised too, as its trunks are saved this way.
     */
    public static final CheckpointLayout DATA_PARALLEL = new CheckpointLayout("data-parallel", "module.",
            List.of("projection_head.", "prototypes.", "fc."));
    /** MoCo v1/v2's {@code main_moco.py}: {@code state_dict.module.encoder_q.*}, its MLP head under {@code fc.}. */
    public static final CheckpointLayout MOCO = new CheckpointLayout("moco", "state_dict.module.encoder_q.", List.of("fc."));
    /** SwAV's released trunks: {@code module.*} with {@code projection_head.} and {@code prototypes.}. */
    public static final CheckpointLayout SWAV = new CheckpointLayout("swav", "module.", List.of("projection_head.", "prototypes.", "fc."));
    /** VISSL (PIRL, SwAV and others): the trunk's torchvision layers under {@code _feature_blocks}. */
    public static final CheckpointLayout VISSL = new CheckpointLayout("vissl",
            "classy_state_dict.base_model.model.trunk._feature_blocks.", List.of("fc."));

    /** The named layouts; on a tie, detection picks the earlier one (so {@code module.} reads as data-parallel). */
    public static final List<CheckpointLayout> KNOWN = List.of(VISSL, MOCO, DATA_PARALLEL, SWAV, TORCHVISION);

    public CheckpointLayout {
        headPrefixes = List.copyOf(headPrefixes);
    }

    /** A custom prefix with no known heads. */
    public static CheckpointLayout ofPrefix(String prefix) {
        return new CheckpointLayout("prefix " + prefix, prefix, List.of());
    }

    /** The layout called {@code name}, or {@code auto} (null: detect per checkpoint). */
    public static CheckpointLayout named(String name) {
        if (name.equals("auto")) {
            return null;
        }
        for (CheckpointLayout layout : KNOWN) {
            if (layout.name.equals(name)) {
                return layout;
            }
        }
        throw new IllegalArgumentException("unknown checkpoint layout '" + name + "': use auto, "
                + String.join(", ", KNOWN.stream().map(CheckpointLayout::name).toList()));
    }

    /**
     * The known layout that explains a checkpoint best: the one under whose prefix lie the most of the model's
     * parameter names; ties go to the longer prefix, then to the earlier layout in {@link #KNOWN}.
     */
    public static CheckpointLayout detect(Set<String> checkpointKeys, Set<String> modelKeys) {
        return KNOWN.stream()
                .max(Comparator.comparingLong((CheckpointLayout l) -> l.matches(checkpointKeys, modelKeys))
                        .thenComparingInt(l -> l.prefix.length()))
                .orElseThrow();
    }

    private long matches(Set<String> checkpointKeys, Set<String> modelKeys) {
        return modelKeys.stream().filter(k -> checkpointKeys.contains(prefix + k)).count();
    }

    /**
     * The encoder's tensors from a checkpoint, renamed to the model's names.
     *
     * @param checkpoint every tensor of the checkpoint, flattened (as {@link Checkpoints#load} gives them)
     * @param modelKeys  the target's state-dict names, to decide which head keys to drop
     */
    public Selection select(Map<String, Tensor> checkpoint, Set<String> modelKeys) {
        Map<String, Tensor> kept = new LinkedHashMap<>();
        List<String> droppedHeads = new ArrayList<>();
        int outside = 0;
        for (Map.Entry<String, Tensor> e : checkpoint.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(prefix)) {
                outside++;
                continue;
            }
            String local = key.substring(prefix.length());
            if (!modelKeys.contains(local) && headPrefixes.stream().anyMatch(local::startsWith)) {
                droppedHeads.add(local);
                continue;
            }
            kept.put(local, e.getValue());
        }
        return new Selection(this, kept, droppedHeads, outside);
    }

    /**
     * What {@link #select} kept.
     *
     * @param layout        the layout used
     * @param tensors       the encoder's tensors under the model's names
     * @param droppedHeads  pretraining-head keys left out because the model has no such parameter
     * @param outsidePrefix how many checkpoint tensors lay outside the encoder's prefix
     */
    public record Selection(CheckpointLayout layout, Map<String, Tensor> tensors, List<String> droppedHeads, int outsidePrefix) {
    }
}
