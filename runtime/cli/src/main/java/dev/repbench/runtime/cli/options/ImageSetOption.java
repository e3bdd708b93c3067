package dev.repbench.runtime.cli.options;

import dev.repbench.api.data.Split;
import dev.repbench.api.task.TaskDataException;
import dev.repbench.runtime.cli.CliFailure;
import dev.repbench.runtime.plugin.LoadedProvider;
import dev.repbench.runtime.plugin.PluginRegistry;
import dev.repbench.runtime.pretrain.data.ImageSet;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Supplier;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --dataset NAME --split train|test} (with {@code --data-root}): the images {@code features} and {@code cka}
 * run encoders on, opened as an {@link ImageSet}: {@code fashion-mnist}, {@code fashion-mnist-scenes}, a task's images ({@code task:NAME}), or a
 * folder of images.
 */
public final class ImageSetOption {
    @Option(names = "--dataset", defaultValue = "fashion-mnist", paramLabel = "NAME|task:NAME|DIR",
            description = "The images: fashion-mnist, fashion-mnist-scenes (train split only), a task's images (task:NAME, e.g. task:fmnist-seg or task:imagenet-cls),"
                    + " or a folder of PNG/JPEG files, flat or one sub-folder per class (default: ${DEFAULT-VALUE}).")
    private String dataset;

    @Mixin
    private DataRootOption dataRoot;

    /** @return the dataset as typed */
    public String dataset() {
        return dataset;
    }

    /** @return the data root */
    public DataRootOption dataRoot() {
        return dataRoot;
    }

    /** {@code train} or {@code test}, else a usage error naming {@code option}. */
    public static Split split(CommandSpec spec, String option, String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "train" -> Split.TRAIN;
            case "test" -> Split.TEST;
            default -> throw Usage.error(spec, option + " '" + value + "' is not train or test");
        };
    }

    /** The images and the plugins that provide their task, open together, closed together. */
    public record Opened(ImageSet images, PluginRegistry registry) implements AutoCloseable {
        @Override
        public void close() {
            images.close();
            registry.close();
        }
    }

    /**
     * Opens the images.
     *
     * @param plugins  loads the plugins, which provide the tasks {@code task:NAME} names
     * @param split    the split of a dataset or task
     * @param balanced N for a seeded class-balanced subset of N images, or 0 for every image
     * @param seed     the subset's seed
     * @param err      where plugin warnings go
     * @throws CliFailure naming the dataset and the fix, when it is unknown, does not fit the subset, or cannot be read
     */
    public Opened open(Supplier<PluginRegistry> plugins, Split split, int balanced, long seed, PrintWriter err) {
        PluginRegistry registry = plugins.get();
        registry.problems().forEach(p -> err.println("warning: " + p.message()));
        try {
            ImageSet images = ImageSet.open(dataset, split, balanced, seed, dataRoot.path(),
                    name -> registry.task(name).map(LoadedProvider::provider),
                    registry.tasks().stream().map(LoadedProvider::name).toList());
            return new Opened(images, registry);
        } catch (IllegalArgumentException | TaskDataException e) {
            registry.close();
            throw new CliFailure(e.getMessage(), e);
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
    }
}
