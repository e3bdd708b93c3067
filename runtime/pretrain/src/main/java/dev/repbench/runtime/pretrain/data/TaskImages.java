package dev.repbench.runtime.pretrain.data;

import dev.repbench.api.EndTask;
import dev.repbench.api.data.Image;
import dev.repbench.api.data.SampleSource;
import dev.repbench.api.data.Split;
import dev.repbench.api.data.TaskDataset;
import dev.repbench.api.task.TaskContext;
import java.nio.file.Path;
import java.util.List;

/**
 * An end task's training split as unlabelled images (the first frame of each sample): pretraining on a task's
 * domain, e.g. the study's Kinetics frames or Taskonomy views. Holds the task's data open until closed.
 */
final class TaskImages implements ImageSource, AutoCloseable {
    /** The prefix naming a task as a dataset: {@code task:NAME}. */
    static final String PREFIX = "task:";

    private final String name;
    private final TaskDataset data;
    private final SampleSource train;

    private TaskImages(String name, TaskDataset data) {
        this.name = name;
        this.data = data;
        this.train = data.split(Split.TRAIN);
    }

    static TaskImages open(EndTask task, Path dataRoot, long seed) {
        return new TaskImages(PREFIX + task.name(), task.open(TaskContext.of(dataRoot, seed)));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return train.size();
    }

    @Override
    public List<String> classNames() {
        return List.of();
    }

    @Override
    public int label(int index) {
        return -1;
    }

    @Override
    public String item(int index) {
        return Integer.toString(index);
    }

    @Override
    public Image image(int index) {
        return train.get(index).image();
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
