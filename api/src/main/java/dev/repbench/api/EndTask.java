package dev.repbench.api;

import dev.repbench.api.data.TaskDataset;
import dev.repbench.api.task.HeadKind;
import dev.repbench.api.task.ImageSize;
import dev.repbench.api.task.Metric;
import dev.repbench.api.task.OutputSpec;
import dev.repbench.api.task.TaskCategory;
import dev.repbench.api.task.TaskContext;
import dev.repbench.api.task.TaskDataException;
import java.util.ArrayList;
import java.util.List;

/**
 * An end task a frozen encoder is evaluated on: its description, and its data. RepBench trains
 * the task's {@linkplain #head() head} on frozen features of the TRAIN split and reports the
 * {@linkplain #metric() metric} on TEST. Registered in {@code META-INF/services/dev.repbench.api.EndTask}.
 */
public interface EndTask extends Provider {

    /** @return the task's category in the study's taxonomy */
    TaskCategory category();

    /** @return the head trained on the frozen encoder; must {@linkplain HeadKind#supports support} the category */
    HeadKind head();

    /** @return the score reported on the test split */
    Metric metric();

    /** @return what the head outputs: class scores (with the class count) or per-pixel values */
    OutputSpec output();

    /** @return head-training epochs when the run spec does not say, at least 1 */
    int defaultEpochs();

    /** @return the size images are fed to the encoder at */
    ImageSize inputSize();

    /**
     * Images per sample: 1 unless the head takes sequences (2 for egomotion and flow, 6 for
     * Kinetics action). Every sample of the task has exactly this many frames.
     *
     * @return K, at least 1
     */
    default int framesPerSample() {
        return 1;
    }

    /**
     * Opens the task's data: finds it under {@link TaskContext#dataRoot()} (or embedded), and
     * returns the splits. May read indexes eagerly; should decode images lazily in
     * {@link dev.repbench.api.data.SampleSource#get}.
     *
     * @param context data root and seed
     * @return the data; the caller closes it
     * @throws TaskDataException if the data is absent or not in the expected layout
     */
    TaskDataset open(TaskContext context);

    /**
     * Checks that a task's description is self-consistent: a valid name, a head that supports the
     * category and the frame count, an output that fits the category, positive epochs. RepBench
     * refuses a task with problems; task authors can call it in their own tests.
     *
     * @param task the task to check
     * @return one message per problem; empty if consistent
     */
    static List<String> descriptionProblems(EndTask task) {
        List<String> problems = new ArrayList<>();
        String name = task.name();
        if (!Provider.isValidName(name)) {
            problems.add("name '" + name + "' is not a valid id (lower-case letters, digits, '.', '_', '-')");
        }
        TaskCategory category = task.category();
        HeadKind head = task.head();
        OutputSpec output = task.output();
        if (category == null || head == null || output == null || task.metric() == null || task.inputSize() == null) {
            problems.add("category, head, metric, output and inputSize must all be given");
            return problems;
        }
        if (!head.supports(category)) {
            problems.add("head " + head + " cannot serve a " + category.label() + " task");
        }
        if (!head.acceptsFrames(task.framesPerSample())) {
            problems.add("head " + head + " does not take " + task.framesPerSample() + " frame(s) per sample");
        }
        if (!output.fits(category)) {
            problems.add("output " + output + " does not fit a " + category.label() + " task");
        }
        if (task.defaultEpochs() < 1) {
            problems.add("defaultEpochs must be at least 1, got " + task.defaultEpochs());
        }
        return problems;
    }
}
