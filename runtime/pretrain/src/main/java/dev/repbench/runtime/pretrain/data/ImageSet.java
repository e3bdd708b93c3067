package dev.repbench.runtime.pretrain.data;

import dev.repbench.api.EndTask;
import dev.repbench.api.data.SampleSource;
import dev.repbench.api.data.Split;
import dev.repbench.api.data.TaskDataset;
import dev.repbench.api.task.TaskContext;
import dev.repbench.runtime.data.FashionMnistSplits;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The images {@code repbench features} and {@code repbench cka} run encoders on: a split of Fashion-MNIST
 * ({@code fashion-mnist}), the battery-style scenes of its training garments ({@code fashion-mnist-scenes}, train split
 * only), or of an end task ({@code task:NAME}: its training or test images, the first frame of
 * each sample), or a folder of PNG/JPEG files (all of it; one sub-folder per class, or flat), whole or as a fixed,
 * seeded, class-balanced subset of N images (the {@code subsample:N} variant of {@link TrainingSet}: N spread evenly
 * over the classes, each class's share drawn by a seeded generator; an unlabelled set is one class).
 *
 * <p>A whole dataset or task split is identified, in the feature cache and in CKA files, by its own manifest hash,
 * the one {@code eval} uses: features a task's evaluation cached are found again. A folder or a subset is identified
 * by the hash of its manifest (every image chosen, with its content hash).
 *
 * @param dataset  the name features are cached under: {@code fashion-mnist}, the task's name, or the dataset as typed
 * @param split    {@code train}, {@code test}, or {@code all} for a folder
 * @param samples  the images
 * @param manifest the manifest hash identifying them
 * @param subset    how they were chosen: {@code all}, or {@code balanced N, seed S}
 * @param resources what holds the data open until {@link #close}
 */
public record ImageSet(String dataset, String split, SampleSource samples, String manifest, String subset,
                       AutoCloseable resources) implements AutoCloseable {
    public ImageSet {
        Objects.requireNonNull(samples, "samples");
        Objects.requireNonNull(manifest, "manifest");
    }

    /**
     * Opens the images.
     *
     * @param dataset    {@code fashion-mnist}, {@code fashion-mnist-scenes}, {@code task:NAME} or a folder
     * @param split      the split of a dataset or task (a folder has one)
     * @param balanced   N for a class-balanced subset of N images, or 0 for every image
     * @param seed       the subset's seed, and the seed a task is opened with
     * @param dataRoot   where Fashion-MNIST and task data are looked up
     * @param tasks      finds a registered end task by name
     * @param knownTasks the registered task names, for the message when {@code task:NAME} names none of them
     * @throws IllegalArgumentException if the dataset is unknown, or the subset does not fit it, naming the fix
     * @throws dev.repbench.api.task.TaskDataException if the images cannot be read
     */
    public static ImageSet open(String dataset, Split split, int balanced, long seed, Path dataRoot,
                                Function<String, Optional<EndTask>> tasks, List<String> knownTasks) {
        if (dataset.startsWith(TrainingSet.COMBINATION_PREFIX)) {
            throw new IllegalArgumentException("dataset '" + dataset + "': features and CKA read one dataset, a task"
                    + " (task:NAME) or a folder, not a combination");
        }
        String splitName = split.name().toLowerCase(Locale.ROOT);
        boolean folder = !TrainingSet.NAMED.contains(dataset) && !dataset.startsWith(TaskImages.PREFIX);
        // The scenes have no manifest of their own: like a folder, they are identified by their training-set manifest.
        if (balanced > 0 || folder || dataset.equals(TrainingSet.FASHION_MNIST_SCENES)) {
            TrainingSet set = TrainingSet.open(dataset, split, true, balanced > 0 ? "subsample:" + balanced : "full", seed,
                    dataRoot, tasks, knownTasks);
            String subset = balanced > 0 ? "balanced " + balanced + ", seed " + seed : "all";
            return new ImageSet(dataset, folder ? "all" : splitName, set.samples(), set.manifest().sha256(), subset, set);
        }
        if (dataset.equals(TrainingSet.FASHION_MNIST)) {
            FashionMnistSplits data = FashionMnistSplits.open(dataRoot);
            return new ImageSet(FashionMnistSplits.NAME, splitName, data.split(split), data.manifestHash(), "all", data);
        }
        String name = dataset.substring(TaskImages.PREFIX.length());
        EndTask task = tasks.apply(name).orElseThrow(() -> new IllegalArgumentException("dataset '" + dataset
                + "': no end task '" + name + "'; known: " + String.join(", ", knownTasks)));
        TaskDataset data = task.open(TaskContext.of(dataRoot, seed));
        return new ImageSet(task.name(), splitName, data.split(split), data.manifestHash(), "all", data);
    }

    /** @return the number of images (of a multi-frame task's samples, the first frames are read) */
    public int size() {
        return samples.size();
    }

    @Override
    public void close() {
        try {
            if (resources != null) {
                resources.close();
            }
        } catch (Exception e) {
            // Closing only releases read handles; nothing was written, so there is nothing to lose.
        }
    }
}
