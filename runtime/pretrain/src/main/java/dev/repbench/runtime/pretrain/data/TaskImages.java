package dev.repbench.runtime.pretrain.data;

import dev.repbench.api.EndTask;
import dev.repbench.api.data.ClassLabel;
import dev.repbench.api.task.OutputSpec;
import dev.repbench.tasks.data.files.ListedSamples;
import java.util.stream.IntStream;
import dev.repbench.api.data.Image;
import dev.repbench.api.data.SampleSource;
import dev.repbench.api.data.Split;
import dev.repbench.api.data.TaskDataset;
import dev.repbench.api.task.TaskContext;
import java.nio.file.Path;
import java.util.List;

/**
 * An end task's split as images (the first frame of each sample): pretraining on a task's domain (its training
 * split, unlabelled), e.g. the study's Kinetics frames or Taskonomy views, or the images features and CKA are
 * computed on (either split, labelled by class for an image-level classification task, so a subset can be
 * class-balanced). Holds the task's data open until closed.
 */
final class TaskImages implements ImageSource, AutoCloseable {
    /** The prefix naming a task as a dataset: {@code task:NAME}. */
    static final String PREFIX = "task:";

    private final String name;
    private final TaskDataset data;
    private final SampleSource split;
    private final List<String> classNames;
    private final int[] labels;

    private TaskImages(String name, TaskDataset data, SampleSource split, List<String> classNames, int[] labels) {
        this.name = name;
        this.data = data;
        this.split = split;
        this.classNames = classNames;
        this.labels = labels;
    }

    /** The task's training split, unlabelled (pretraining). */
    static TaskImages open(EndTask task, Path dataRoot, long seed) {
        return open(task, dataRoot, seed, Split.TRAIN, false);
    }

    /**
     * @param labelled whether to label the images by class, for a task whose target is one class per sample; the
     *                 labels of a task reading listed files come from its list, others' from each sample's target
     *                 (which generates or decodes it)
     */
    static TaskImages open(EndTask task, Path dataRoot, long seed, Split which, boolean labelled) {
        TaskDataset data = task.open(TaskContext.of(dataRoot, seed));
        try {
            SampleSource split = data.split(which);
            if (!labelled || !(task.output() instanceof OutputSpec.ClassScores scores) || task.head().isPixelwise()) {
                return new TaskImages(PREFIX + task.name(), data, split, List.of(), null);
            }
            int[] labels = new int[split.size()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = labelOf(split, i);
            }
            List<String> classes = IntStream.range(0, scores.classes()).mapToObj(Integer::toString).toList();
            return new TaskImages(PREFIX + task.name(), data, split, classes, labels);
        } catch (RuntimeException e) {
            data.close();
            throw e;
        }
    }

    private static int labelOf(SampleSource split, int index) {
        if (split instanceof ListedSamples<?> listed) {
            String text = listed.entries().get(index).labelText();
            try {
                return Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                // not a single class: read the target below
            }
        }
        return split.get(index).target() instanceof ClassLabel label ? label.index() : 0;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return split.size();
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int label(int index) {
        return labels == null ? -1 : labels[index];
    }

    @Override
    public String item(int index) {
        return Integer.toString(index);
    }

    @Override
    public Image image(int index) {
        return split.get(index).image();
    }

    @Override
    public String sha256(int index) {
        return PixelHash.of(image(index));
    }

    @Override
    public void close() {
        data.close();
    }
}
