package dev.repbench.runtime.cli;

import dev.repbench.runtime.cli.options.OutputFolder;
import dev.repbench.runtime.cli.options.EncoderOption;
import dev.repbench.runtime.cli.options.Usage;
import dev.repbench.runtime.cli.options.CacheOption;
import dev.repbench.runtime.cli.options.DataRootOption;
import dev.repbench.runtime.cli.options.ProgressOption;
import dev.repbench.runtime.cli.options.WorkersOption;
import dev.repbench.runtime.features.FeatureExtractor;

import dev.repbench.api.data.SampleSource;
import dev.repbench.api.data.Split;
import dev.repbench.runtime.cli.CliFailure;
import dev.repbench.runtime.cli.RepbenchCommand;
import dev.repbench.runtime.data.FashionMnistSplits;
import dev.repbench.runtime.encoder.LoadedEncoder;
import dev.repbench.runtime.features.cache.FeatureCache;
import dev.repbench.runtime.features.cache.FeatureCacheException;
import dev.repbench.runtime.features.cache.FeatureDtype;
import dev.repbench.runtime.features.session.OnnxEngine;
import dev.repbench.runtime.features.session.SessionException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
    static final List<String> DATASETS = List.of(FashionMnistSplits.NAME);

    @Spec
    private CommandSpec spec;

    @Mixin
    private EncoderOption encoder;

    @Option(names = "--dataset", defaultValue = FashionMnistSplits.NAME, paramLabel = "NAME",
            description = "The dataset (default: ${DEFAULT-VALUE}; the only one so far).")
    private String dataset;

    @Mixin
    private DataRootOption dataRoot;

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

    @Mixin
    private CacheOption cache;

    @Option(names = "--batch", defaultValue = "32", paramLabel = "N", description = "Images per batch (default: ${DEFAULT-VALUE}).")
    private int batch;

    @Mixin
    private WorkersOption workers;

    @Mixin
    private ProgressOption progress;

    @Override
    public Integer call() {
        Split chosenSplit = parseSplit();
        FeatureDtype chosenDtype = Usage.parse(spec, "--dtype", () -> FeatureDtype.parse(dtype));
        ProgressDisplay.Mode mode = progress.mode(spec);
        if (!DATASETS.contains(dataset)) {
            throw Usage.error(spec, "--dataset '" + dataset + "' is not one of " + DATASETS);
        }
        if (batch < 1 || (limit != null && limit < 1)) {
            throw Usage.error(spec, "--batch and --limit are 1 or more");
        }
        RepbenchCommand root = (RepbenchCommand) spec.root().userObject();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        LoadedEncoder loaded = encoder.read(err);
        List<String> requested = List.copyOf(new LinkedHashSet<>(outputs.stream().map(String::strip).toList()));
        List<String> absent = new ArrayList<>(requested);
        absent.removeAll(loaded.descriptor().outputs().keySet());
        if (!absent.isEmpty()) {
            throw Usage.error(spec, "--outputs " + absent + " not in " + loaded.onnxFile() + " (it has "
                    + loaded.descriptor().outputs().keySet() + ")");
        }

        OutputFolder.requireWritable(cache.folder(), "--cache");
        try {
            OnnxEngine.checkLoads(loaded, root.execution().device(), root.execution().threads()); // before the data is read
        } catch (SessionException e) {
            throw new CliFailure(e.getMessage(), e);
        }
        root.execution().announceFeaturesProvider(err);
        try (FashionMnistSplits data = FashionMnistSplits.open(dataRoot.path())) {
            SampleSource source = data.split(chosenSplit);
            int count = limit == null ? source.size() : Math.min(limit, source.size());
            if (count < 1) {
                throw new CliFailure("the " + splitName(chosenSplit) + " split of " + dataset + " in " + data.root() + " is empty");
            }
            FeatureExtractor.Request request = new FeatureExtractor.Request(loaded, source, dataset, data.manifestHash(),
                    chosenSplit, count, requested, chosenDtype);
            FeatureExtractor.Settings settings = new FeatureExtractor.Settings(root.execution().device(),
                    root.execution().threads(), batch, workers.count(), true);
            FeatureCache featureCache = FeatureCache.open(cache.folder());
            String task = "features " + loaded.descriptor().architecture() + " " + dataset + "/" + splitName(chosenSplit);
            FeatureExtractor.Result result;
            try (ProgressDisplay display = ProgressDisplay.create(mode, err, task)) {
                result = FeatureExtractor.extract(request, settings, featureCache, display);
            }
            report(out, result, count, chosenDtype);
            return 0;
        } catch (SessionException | FeatureCacheException e) {
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
            default -> throw Usage.error(spec, "--split '" + split + "' is not train or test");
        };
    }

    private static String splitName(Split s) {
        return s.name().toLowerCase(Locale.ROOT);
    }
}
