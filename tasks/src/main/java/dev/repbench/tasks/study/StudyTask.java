package dev.repbench.tasks.study;

import dev.repbench.api.data.SampleSource;
import dev.repbench.api.data.Split;
import dev.repbench.api.data.TaskDataset;
import dev.repbench.api.task.HeadKind;
import dev.repbench.api.task.ImageSize;
import dev.repbench.api.task.Metric;
import dev.repbench.api.task.OutputSpec;
import dev.repbench.api.task.TaskCategory;
import dev.repbench.api.task.TaskContext;
import dev.repbench.tasks.DescribedTask;
import dev.repbench.tasks.data.files.DatasetFolder;
import dev.repbench.tasks.data.files.ListedSamples;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A task of the ViRB study, read from its public dataset under the data root in that dataset's published layout.
 *
 * <p>Opening a task lists its files and labels and checks the layout (a missing folder, list file or split is an
 * error naming the path and the layout); pixels are read lazily, per sample. Splits that the dataset does not
 * publish are drawn with a fixed seed ({@link #SPLIT_SEED}), never the run's: seeds vary heads, not the
 * benchmark. Images come at their native size; the evaluation protocol resizes them to {@link #inputSize()}
 * (224 × 224, as in the study) and dense targets with them.
 */
public abstract class StudyTask extends DescribedTask {
    /** The group every study task belongs to, usable wherever tasks are named. */
    public static final String GROUP = "study";
    /** The seed of splits that a dataset does not publish. */
    public static final long SPLIT_SEED = 0;

    private final Description description;

    /**
     * What a study task is, apart from how it reads its data.
     *
     * @param name     the stable task name, e.g. {@code pets-cls}
     * @param oneLine  the one-line description
     * @param category the study's category
     * @param head     the head trained on it
     * @param metric   the test metric
     * @param output   what the head outputs
     * @param frames   images per sample
     * @param epochs   the study's head-training epochs
     * @param folder   the dataset's folder under the data root
     * @param layout   the layout expected in that folder, in one line
     * @param source   where to get the dataset
     */
    protected record Description(String name, String oneLine, TaskCategory category, HeadKind head, Metric metric,
                                 OutputSpec output, int frames, int epochs, String folder, String layout, String source) {
        protected Description {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(folder, "folder");
            Objects.requireNonNull(layout, "layout");
            Objects.requireNonNull(source, "source");
        }

        /** @return the part every end task has, images fed at 224 × 224 as in the study */
        TaskDescription task() {
            return new TaskDescription(name, oneLine, category, head, metric, output, frames, epochs,
                    ImageSize.square(224));
        }
    }

    /**
     * A task's splits as read from its folder.
     *
     * @param train    the training split
     * @param test     the test split
     * @param resource what reading them holds open (e.g. an HDF5 file), closed with the dataset; null if nothing
     */
    protected record Splits(ListedSamples<?> train, ListedSamples<?> test, AutoCloseable resource) {
        /** Splits that hold nothing open. */
        public Splits(ListedSamples<?> train, ListedSamples<?> test) {
            this(train, test, null);
        }
    }

    protected StudyTask(Description description) {
        super(description.task());
        this.description = description;
    }

    /**
     * Lists the task's splits in its dataset folder, checking the layout; reads no pixels.
     *
     * @param dataset the dataset folder, known to exist
     * @return the train and test splits
     */
    protected abstract Splits read(DatasetFolder dataset);

    @Override
    public final TaskDataset open(TaskContext context) {
        DatasetFolder dataset = DatasetFolder.open(context.dataRoot(), description.folder(), description.layout(),
                description.source());
        Splits splits = read(dataset);
        // computed when first asked for: it stats every file, and a run that already knows it (TaskManifests) asks once
        Supplier<String> manifest = new Supplier<>() {
            private String hash;

            @Override
            public synchronized String get() {
                if (hash == null) {
                    hash = ListedSamples.manifestHash(dataset.root(), List.of(splits.train(), splits.test()));
                }
                return hash;
            }
        };
        return new TaskDataset() {
            @Override
            public SampleSource split(Split split) {
                return switch (split) {
                    case TRAIN -> splits.train();
                    case TEST -> splits.test();
                    case VAL -> SampleSource.empty();
                };
            }

            @Override
            public String manifestHash() {
                return manifest.get();
            }

            @Override
            public void close() {
                if (splits.resource() != null) {
                    try {
                        splits.resource().close();
                    } catch (Exception e) {
                        throw new IllegalStateException("cannot close the data of " + name() + ": " + e.getMessage(), e);
                    }
                }
            }
        };
    }

    /** @return the dataset's folder name under the data root */
    public final String folder() {
        return description.folder();
    }

    /** @return the layout expected in the dataset folder */
    public final String layout() {
        return description.layout();
    }
}
