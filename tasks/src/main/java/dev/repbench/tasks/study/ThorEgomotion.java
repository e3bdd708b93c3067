package dev.repbench.tasks.study;

import dev.repbench.api.task.HeadKind;
import dev.repbench.api.task.Metric;
import dev.repbench.api.task.OutputSpec;
import dev.repbench.api.task.TaskCategory;
import dev.repbench.tasks.data.files.DatasetFolder;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code thor-egomotion}: which action an AI2-THOR agent took between two frames (move ahead, rotate left or right,
 * look up or down), multi-input fusion over the two frames, top-1, 100 epochs, in ViRB's published layout:
 * {@code {train,val}_labels.txt} with lines {@code <path> <Action>} and frames {@code <path>_rgb_a.jpg},
 * {@code <path>_rgb_b.jpg}.
 */
public final class ThorEgomotion extends StudyTask {
    /** The task's name. */
    public static final String NAME = "thor-egomotion";
    /** The actions, in class order. */
    public static final List<String> ACTIONS = List.of("MoveAhead", "RotateLeft", "RotateRight", "LookUp", "LookDown");

    /** For {@link java.util.ServiceLoader}. */
    public ThorEgomotion() {
        super(new Description(NAME, "AI2-THOR egomotion between two frames (5 actions)",
                TaskCategory.STRUCTURAL_IMAGE_LEVEL, HeadKind.MULTI_INPUT_FUSION, Metric.TOP1,
                new OutputSpec.ClassScores(ACTIONS.size()), 2, 100, "thor_action_prediction",
                "{train,val}_labels.txt (lines '<path> <Action>') and <path>_rgb_a.jpg, <path>_rgb_b.jpg",
                "ViRB's THOR data, linked from https://github.com/allenai/ViRB"));
    }

    @Override
    protected Splits read(DatasetFolder dataset) {
        return new Splits(Classification.samples(list(dataset, "train_labels.txt"), dataset, ACTIONS.size()),
                Classification.samples(list(dataset, "val_labels.txt"), dataset, ACTIONS.size()));
    }

    private static List<LabelledImage> list(DatasetFolder dataset, String listFile) {
        List<LabelledImage> entries = new ArrayList<>();
        for (String line : dataset.lines(listFile)) {
            String[] parts = line.split("\\s+");
            int action = parts.length == 2 ? ACTIONS.indexOf(parts[1]) : -1;
            if (action < 0) {
                throw dataset.problem(dataset.root().resolve(listFile), "line '" + line + "' is not '<path> <Action>' with an action of " + ACTIONS);
            }
            entries.add(new LabelledImage(List.of(dataset.file(parts[0] + "_rgb_a.jpg"), dataset.file(parts[0] + "_rgb_b.jpg")), action));
        }
        return entries;
    }
}
