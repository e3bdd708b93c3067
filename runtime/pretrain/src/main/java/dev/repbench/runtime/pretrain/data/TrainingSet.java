package dev.repbench.runtime.pretrain.data;

import dev.repbench.api.EndTask;
import dev.repbench.api.data.ClassLabel;
import dev.repbench.api.data.Sample;
import dev.repbench.api.data.SampleSource;
import dev.repbench.api.data.Split;
import dev.repbench.api.data.Unlabelled;
import dev.repbench.api.task.TaskDataException;
import dev.repbench.tasks.battery.GarmentScenes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * A run's training images: the opened sources, the manifest of the images chosen from them, and those images as the
 * {@link SampleSource} an algorithm trains on ({@link ClassLabel} targets if labelled, {@link Unlabelled} otherwise).
 * Close it to release the sources (task data).
 *
 * <p>Datasets: {@code fashion-mnist} (its train split, labelled), {@code fashion-mnist-scenes} (the train split's
 * garments drawn as the battery draws them, 64×64, labelled: {@link dev.repbench.tasks.battery.GarmentScenes}), {@code task:NAME} (an end task's training split,
 * unlabelled), a folder of PNG/JPEG files (labelled by sub-folder), or {@code combination:A+B[+…]} of those.
 */
public final class TrainingSet implements AutoCloseable {
    /** The prefix of a combination of datasets. */
    public static final String COMBINATION_PREFIX = "combination:";
    /** The name of the Fashion-MNIST source. */
    public static final String FASHION_MNIST = "fashion-mnist";
    /** The name of the battery-style scenes of Fashion-MNIST's training garments. */
    public static final String FASHION_MNIST_SCENES = GarmentScenes.NAME;
    /** The datasets known by name, beside {@code task:NAME} and folders. */
    public static final List<String> NAMED = List.of(FASHION_MNIST, FASHION_MNIST_SCENES);

    private final DatasetManifest manifest;
    private final List<ImageSource> sources;
    private final SampleSource samples;

    private TrainingSet(DatasetManifest manifest, List<ImageSource> sources) {
        this.manifest = manifest;
        this.sources = sources;
        this.samples = new ManifestSamples(manifest, sources);
    }

    /**
     * Opens the dataset's sources and chooses the variant's images.
     *
     * @param dataset  as typed (see the class comment)
     * @param variant  as typed (see {@link Variant})
     * @param seed     the choice's seed
     * @param dataRoot where Fashion-MNIST and task data are looked up
     * @param tasks    finds a registered end task by name
     * @param knownTasks the registered task names, for the message when {@code task:NAME} names none of them
     * @throws IllegalArgumentException if the dataset or variant is unknown or does not fit, naming the fix
     * @throws TaskDataException        if the images cannot be read
     */
    public static TrainingSet open(String dataset, String variant, long seed, Path dataRoot,
                                   Function<String, Optional<EndTask>> tasks, List<String> knownTasks) {
        return open(dataset, Split.TRAIN, false, variant, seed, dataRoot, tasks, knownTasks);
    }

    /**
     * As {@link #open(String, String, long, Path, Function, List)} from another split of Fashion-MNIST and of end
     * tasks (a folder has one), with the images of a classification task labelled by class when
     * {@code taskLabels}: how {@link ImageSet} draws class-balanced subsets.
     */
    static TrainingSet open(String dataset, Split split, boolean taskLabels, String variant, long seed, Path dataRoot,
                            Function<String, Optional<EndTask>> tasks, List<String> knownTasks) {
        Variant chosen = Variant.parse(variant);
        List<String> parts = dataset.startsWith(COMBINATION_PREFIX)
                ? List.of(dataset.substring(COMBINATION_PREFIX.length()).split("\\+")) : List.of(dataset);
        if (parts.stream().anyMatch(String::isBlank) || (dataset.startsWith(COMBINATION_PREFIX) && parts.size() < 2)) {
            throw new IllegalArgumentException("dataset '" + dataset + "': a combination names 2 or more datasets joined by '+',"
                    + " e.g. combination:fashion-mnist+task:NAME");
        }
        List<ImageSource> sources = new ArrayList<>();
        try {
            for (String part : parts) {
                ImageSource source = openSource(part.strip(), split, taskLabels, seed, dataRoot, tasks, knownTasks);
                sources.add(source);
                if (sources.stream().filter(s -> s.name().equals(source.name())).count() > 1) {
                    throw new IllegalArgumentException("dataset '" + dataset + "' names the source " + source.name()
                            + " twice; a combination takes each source once (rename one of two folders of the same name)");
                }
            }
            return new TrainingSet(ManifestBuilder.build(dataset, sources, chosen, seed), List.copyOf(sources));
        } catch (RuntimeException e) {
            sources.forEach(TrainingSet::closeSource);
            throw e;
        }
    }

    private static ImageSource openSource(String name, Split split, boolean taskLabels, long seed, Path dataRoot,
                                          Function<String, Optional<EndTask>> tasks, List<String> knownTasks) {
        if (name.equals(FASHION_MNIST)) {
            return FashionMnistImages.open(dataRoot, split);
        }
        if (name.equals(FASHION_MNIST_SCENES)) {
            if (split != Split.TRAIN) {
                throw new IllegalArgumentException("dataset '" + name + "' draws Fashion-MNIST's training garments only"
                        + " (the battery tests on the test garments); use the train split, or fashion-mnist for the test split");
            }
            return GarmentSceneImages.open(dataRoot);
        }
        if (name.startsWith(TaskImages.PREFIX)) {
            String taskName = name.substring(TaskImages.PREFIX.length());
            EndTask task = tasks.apply(taskName).orElseThrow(() -> new IllegalArgumentException("dataset '" + name
                    + "': no end task '" + taskName + "'; known: " + String.join(", ", knownTasks)));
            return TaskImages.open(task, dataRoot, seed, split, taskLabels);
        }
        return ImageFolderImages.open(Path.of(name));
    }

    /** @return the manifest of the chosen images */
    public DatasetManifest manifest() {
        return manifest;
    }

    /** @return the chosen images, in manifest order */
    public SampleSource samples() {
        return samples;
    }

    /** @return the number of classes if labelled */
    public OptionalInt classCount() {
        return manifest.labelled() ? OptionalInt.of(manifest.classNames().size()) : OptionalInt.empty();
    }

    @Override
    public void close() {
        sources.forEach(TrainingSet::closeSource);
    }

    private static void closeSource(ImageSource source) {
        if (source instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // Closing only releases read handles; nothing was written, so there is nothing to lose.
            }
        }
    }

    /** The manifest's entries as samples, each decoded from its source when asked for. */
    private static final class ManifestSamples implements SampleSource {
        private final List<ManifestEntry> entries;
        private final ImageSource[] sourceOf;
        private final int[] indexOf;

        ManifestSamples(DatasetManifest manifest, List<ImageSource> sources) {
            this.entries = manifest.entries();
            Map<String, ImageSource> byName = new HashMap<>();
            Map<String, Map<String, Integer>> indexByItem = new HashMap<>();
            for (ImageSource s : sources) {
                byName.put(s.name(), s);
                Map<String, Integer> items = new HashMap<>();
                for (int i = 0; i < s.size(); i++) {
                    items.put(s.item(i), i);
                }
                indexByItem.put(s.name(), items);
            }
            sourceOf = new ImageSource[entries.size()];
            indexOf = new int[entries.size()];
            for (int i = 0; i < entries.size(); i++) {
                ManifestEntry e = entries.get(i);
                sourceOf[i] = Objects.requireNonNull(byName.get(e.source()), e.source());
                indexOf[i] = indexByItem.get(e.source()).get(e.item());
            }
        }

        @Override
        public int size() {
            return entries.size();
        }

        @Override
        public Sample get(int index) {
            Objects.checkIndex(index, entries.size());
            Integer label = entries.get(index).label();
            return Sample.of(sourceOf[index].image(indexOf[index]), label == null ? Unlabelled.INSTANCE : new ClassLabel(label));
        }
    }
}
