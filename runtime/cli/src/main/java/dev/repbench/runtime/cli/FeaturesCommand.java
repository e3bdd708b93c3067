package dev.repbench.runtime.cli;

import dev.repbench.runtime.features.FeatureExtractor;

import dev.repbench.api.data.SampleSource;
import dev.repbench.api.data.Split;
import dev.repbench.runtime.cli.CliFailure;
import dev.repbench.runtime.cli.RepbenchCommand;
import dev.repbench.runtime.data.FashionMnist;
import dev.repbench.runtime.encoder.EncoderFileException;
import dev.repbench.runtime.encoder.EncoderFiles;
import dev.repbench.runtime.encoder.LoadedEncoder;
import dev.repbench.runtime.features.cache.FeatureCache;
import dev.repbench.runtime.features.cache.FeatureCacheException;
import dev.repbench.runtime.features.cache.FeatureDtype;
import dev.repbench.runtime.features.session.ExecutionProviderUnavailableException;
import dev.repbench.runtime.features.session.SessionException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code repbench features}: runs an encoder over a dataset split and stores its outputs in the feature cache,
 * or finds them there already. Prints each output's cache file; progress goes to stderr.
 */
@Command(name = "features", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Extract an encoder's frozen features for a dataset split into the feature cache (.npy files).",
                "Outputs already cached for the same encoder, data, split, preprocessing and dtype are reused."})
public final class FeaturesCommand implements Callable<Integer> {

    /** The datasets this command reads. */
    static final List<String> DATASETS = List.of(FashionMnist.NAME);

    @Spec
    private CommandSpec spec;

    @Option(names = "--encoder", required = true, paramLabel = "DIR|FILE.onnx",
            description = "An encoder folder (encoder.onnx + encoder.json) or an .onnx file.")
    private Path encoder;

    @Option(names = "--dataset", defaultValue = FashionMnist.NAME, paramLabel = "NAME",
            description = "The dataset (default: ${DEFAULT-VALUE}; the only one so far).")
    private String dataset;

    @Option(names = "--data-root", paramLabel = "DIR", defaultValue = FashionMnist.DEBIAN_ROOT,
            description = "The folder of the dataset's files (default: ${DEFAULT-VALUE}, Debian's dataset-fashion-mnist).")
    private Path dataRoot;

    @Option(names = "--split", required = true, paramLabel = "train|test", description = "The split.")
    private String split;

    @Option(names = "--outputs", split = ",", paramLabel = "NAME[,NAME…]", defaultValue = "embedding",
            description = "Encoder outputs to extract: embedding, block1…block5 (default: ${DEFAULT-VALUE}).")
    private List<String> outputs;

    @Option(names = "--limit", paramLabel = "N", description = "Only the first N samples of the split.")
    private Integer limit;

    @Option(names = "--dtype", defaultValue = "f32", paramLabel = "f32|f16",
            description = "Storage type of the features (default: ${DEFAULT-VALUE}; f16 halves the size).")
    private String dtype;

    @Option(names = "--cache", paramLabel = "DIR",
            description = "The feature cache folder (default: $XDG_CACHE_HOME/repbench/features, or ~/.cache/repbench/features).")
    private Path cache;

    @Option(names = "--batch", defaultValue = "32", paramLabel = "N", description = "Images per batch (default: ${DEFAULT-VALUE}).")
    private int batch;

    @Option(names = "--workers", paramLabel = "N",
            description = "Threads decoding and preprocessing images (default: one per two processors, 1 to 4).")
    private Integer workers;

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "auto|bar|lines|none",
            description = "Progress display: a bar on a terminal and log lines otherwise (auto), or as chosen (default: ${DEFAULT-VALUE}).")
    private String progress;

    @Override
    public Integer call() {
        Split chosenSplit = parseSplit();
        FeatureDtype chosenDtype = parse("--dtype", () -> FeatureDtype.parse(dtype));
        ProgressDisplay.Mode mode = parse("--progress", () -> ProgressDisplay.Mode.valueOf(progress.strip().toUpperCase(Locale.ROOT)));
        if (!DATASETS.contains(dataset)) {
            throw usage("--dataset '" + dataset + "' is not one of " + DATASETS);
        }
        if (batch < 1 || (limit != null && limit < 1) || (workers != null && workers < 1)) {
            throw usage("--batch, --limit and --workers are 1 or more");
        }
        RepbenchCommand root = (RepbenchCommand) spec.root().userObject();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        LoadedEncoder loaded;
        try {
            loaded = EncoderFiles.read(encoder);
        } catch (EncoderFileException e) {
            throw new CliFailure(e.getMessage(), e);
        }
        List<String> requested = List.copyOf(new LinkedHashSet<>(outputs.stream().map(String::strip).toList()));
        List<String> absent = new ArrayList<>(requested);
        absent.removeAll(loaded.descriptor().outputs().keySet());
        if (!absent.isEmpty()) {
            throw usage("--outputs " + absent + " not in " + loaded.onnxFile() + " (it has "
                    + loaded.descriptor().outputs().keySet() + ")");
        }
        loaded.notes().forEach(note -> err.println("note: " + note));

        try (FashionMnist data = FashionMnist.open(dataRoot)) {
            SampleSource source = data.split(chosenSplit);
            int count = limit == null ? source.size() : Math.min(limit, source.size());
            if (count < 1) {
                throw new CliFailure("the " + splitName(chosenSplit) + " split of " + dataset + " in " + data.root() + " is empty");
            }
            FeatureExtractor.Request request = new FeatureExtractor.Request(loaded, source, dataset, data.manifestHash(),
                    chosenSplit, count, requested, chosenDtype);
            FeatureExtractor.Settings settings = new FeatureExtractor.Settings(root.execution().device(),
                    root.execution().threads(), batch, workers == null ? FeatureExtractor.Settings.defaultWorkers() : workers, true);
            FeatureCache featureCache = FeatureCache.open(cache == null ? defaultCache() : cache);
            String task = "features " + loaded.descriptor().architecture() + " " + dataset + "/" + splitName(chosenSplit);
            FeatureExtractor.Result result;
            try (ProgressDisplay display = ProgressDisplay.create(mode, err, task)) {
                result = FeatureExtractor.extract(request, settings, featureCache, display);
            }
            report(out, result, count, chosenDtype);
            return 0;
        } catch (ExecutionProviderUnavailableException | SessionException | FeatureCacheException e) {
            throw new CliFailure(e.getMessage(), e);
        }
    }

    private void report(PrintWriter out, FeatureExtractor.Result result, int count, FeatureDtype chosenDtype) {
        for (FeatureExtractor.Entry entry : result.entries()) {
            out.printf(Locale.ROOT, "%s %s %s %s: %s%n", entry.cacheHit() ? "cache hit" : "computed ", entry.output(),
                    entry.shape(), chosenDtype, entry.file());
        }
        if (result.imagesComputed() > 0) {
            out.printf(Locale.ROOT, "%d images in %.2f s: %.1f img/s (encoder waited %.2f s for the loader; outputs %s)%n",
                    result.imagesComputed(), result.seconds(), result.imagesPerSecond(), result.loaderWaitSeconds(),
                    result.pinnedOutputs() ? "pinned" : "copied");
        } else {
            out.printf(Locale.ROOT, "all %d outputs of %d images were cached: nothing computed%n", result.entries().size(), count);
        }
        out.flush();
    }

    private Split parseSplit() {
        return switch (split.strip().toLowerCase(Locale.ROOT)) {
            case "train" -> Split.TRAIN;
            case "test" -> Split.TEST;
            default -> throw usage("--split '" + split + "' is not train or test");
        };
    }

    private static String splitName(Split s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    private <T> T parse(String option, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw usage(option + ": " + e.getMessage());
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** {@code $XDG_CACHE_HOME/repbench/features}, or {@code ~/.cache/repbench/features}. */
    public static Path defaultCache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("repbench").resolve("features");
    }
}
