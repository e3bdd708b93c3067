package dev.repbench.tasks;

import dev.repbench.api.EndTask;
import dev.repbench.api.task.HeadKind;
import dev.repbench.api.task.ImageSize;
import dev.repbench.api.task.Metric;
import dev.repbench.api.task.OutputSpec;
import dev.repbench.api.task.TaskCategory;

/**
 * An end task whose description is fixed when it is made: the {@link EndTask} getters read a {@link TaskDescription}.
 * Families (battery, study) add how they read their data and their own fields.
 */
public abstract class DescribedTask implements EndTask {
    private final TaskDescription task;

    /**
     * What every end task is, apart from how it reads its data.
     *
     * @param name          the stable task name
     * @param oneLine       the one-line description
     * @param category      the study's category
     * @param head          the head trained on it
     * @param metric        the test metric
     * @param output        what the head outputs
     * @param frames        images per sample
     * @param defaultEpochs head-training epochs
     * @param inputSize     the size images are fed to the encoder at
     */
    public record TaskDescription(String name, String oneLine, TaskCategory category, HeadKind head, Metric metric,
                                  OutputSpec output, int frames, int defaultEpochs, ImageSize inputSize) {
    }

    protected DescribedTask(TaskDescription task) {
        this.task = task;
    }

    @Override
    public final String name() {
        return task.name();
    }

    @Override
    public final String description() {
        return task.oneLine();
    }

    @Override
    public final TaskCategory category() {
        return task.category();
    }

    @Override
    public final HeadKind head() {
        return task.head();
    }

    @Override
    public final Metric metric() {
        return task.metric();
    }

    @Override
    public final OutputSpec output() {
        return task.output();
    }

    @Override
    public final int framesPerSample() {
        return task.frames();
    }

    @Override
    public final int defaultEpochs() {
        return task.defaultEpochs();
    }

    @Override
    public final ImageSize inputSize() {
        return task.inputSize();
    }
}
