package dev.repbench.tasks.study;

import dev.repbench.api.task.HeadKind;
import dev.repbench.api.task.Metric;
import dev.repbench.api.task.OutputSpec;
import dev.repbench.api.task.TaskCategory;
import dev.repbench.tasks.data.files.DatasetFolder;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code thor-num-steps}: how many 0.25 m steps forward an AI2-THOR agent can take (0–4), 5-way, single linear
 * layer, top-1, 100 epochs, in ViRB's published layout: {@code {train,val}_labels.txt} with lines
 * {@code <split>/<dir>/<name> <steps>} and the frame {@code <split>/<dir>/<name>_rgb.jpg}.
 */
public final class ThorNumSteps extends StudyTask {
    /** The task's name. */
    public static final String NAME = "thor-num-steps";
    static final int CLASSES = 5;

    /** For {@link java.util.ServiceLoader}. */
    public ThorNumSteps() {
        super(new Description(NAME, "AI2-THOR: forward steps possible from one frame, 0-4 (5 classes)",
                TaskCategory.STRUCTURAL_IMAGE_LEVEL, HeadKind.LINEAR, Metric.TOP1, new OutputSpec.ClassScores(CLASSES),
                1, 100, "thor_num_steps", "{train,val}_labels.txt (lines '<split>/<dir>/<name> <steps>') and <split>/<dir>/<name>_rgb.jpg",
                "ViRB's THOR data, linked from https://github.com/allenai/ViRB"));
    }

    @Override
    protected Splits read(DatasetFolder dataset) {
        return new Splits(Classification.samples(list(dataset, "train_labels.txt"), dataset, CLASSES),
                Classification.samples(list(dataset, "val_labels.txt"), dataset, CLASSES));
    }

    private static List<LabelledImage> list(DatasetFolder dataset, String listFile) {
        List<LabelledImage> entries = new ArrayList<>();
        for (String line : dataset.lines(listFile)) {
            String[] parts = line.split("\\s+");
            int steps = parts.length == 2 ? Labels.parse(parts[1]) : -1;
            if (steps < 0 || steps >= CLASSES) {
                throw dataset.problem(dataset.root().resolve(listFile), "line '" + line + "' is not '<path> <steps 0-4>'");
            }
            entries.add(new LabelledImage(dataset.file(parts[0] + "_rgb.jpg"), steps));
        }
        return entries;
    }
}
