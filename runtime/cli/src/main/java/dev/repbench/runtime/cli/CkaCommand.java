package dev.repbench.runtime.cli;

import dev.repbench.runtime.io.AtomicFiles;
import dev.repbench.runtime.io.FileProblems;
import dev.repbench.runtime.cli.options.OutputFolder;
import dev.repbench.runtime.cli.options.EncoderOption;
import dev.repbench.runtime.cli.options.Usage;
import dev.repbench.runtime.cli.options.ImageSetOption;
import dev.repbench.runtime.cli.options.ProgressOption;
import dev.repbench.runtime.cli.options.WorkersOption;
import dev.repbench.runtime.cli.options.CacheOption;

import dev.repbench.api.task.TaskDataException;
import dev.repbench.runtime.analysis.cka.CkaComparison;
import dev.repbench.runtime.analysis.cka.GramCache;
import dev.repbench.runtime.analysis.cka.CkaFile;
import dev.repbench.api.data.Split;
import dev.repbench.runtime.pretrain.data.ImageSet;
import dev.repbench.runtime.encoder.LoadedEncoder;
import dev.repbench.runtime.encoder.onnx.EncoderTensors;
import dev.repbench.runtime.features.cache.FeatureCache;
import dev.repbench.runtime.features.cache.FeatureCacheException;
import dev.repbench.runtime.features.session.OnnxEngine;
import dev.repbench.runtime.features.session.SessionException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
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
 * {@code repbench cka}: minibatch linear CKA between the outputs of one encoder, or between the outputs of two
 * encoders, on the first N images of a split of Fashion-MNIST or of a task, or of a folder, or on a seeded
 * class-balanced subset of N ({@link ImageSetOption}), through {@link CkaComparison}. Writes {@code cka.json} and
 * {@code cka.csv} ({@link CkaFile}) and prints the matrix. Heatmaps come with the report.
 */
@Command(name = "cka", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Linear CKA between encoder outputs (minibatch, unbiased HSIC; Nguyen et al. 2021).",
                "One --encoder: all pairs of its outputs (symmetric). Two: the first's outputs (rows) against the"
                        + " second's (columns), a full matrix that is not mirrored."})
public final class CkaCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--encoder", required = true, paramLabel = "DIR|FILE.onnx",
            description = "An encoder folder or .onnx file; give it twice to compare two encoders.")
    private List<Path> encoders;

    @Option(names = "--outputs", split = ",", paramLabel = "NAME[,NAME…]",
            description = "Encoder outputs compared (default: the blocks and embedding every encoder given has, in"
                    + " order: block1..block5,embedding for a ResNet; block1..block4,embedding for a ViT or ConvNeXt).")
    private List<String> outputs;

    @Option(names = "--images", defaultValue = "10000", paramLabel = "N",
            description = "Images compared on, rounded down to full batches: the first N, or with --subset balanced a"
                    + " seeded class-balanced choice of N (default: ${DEFAULT-VALUE}).")
    private int images;

    @Option(names = "--subset", defaultValue = "first", paramLabel = "first|balanced",
            description = "Which N images: the split's first N, or N spread evenly over its classes, each class's drawn"
                    + " with --seed (default: ${DEFAULT-VALUE}).")
    private String subset;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N",
            description = "Seed of a balanced subset, and of a task's data (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--split", defaultValue = "test", paramLabel = "train|test",
            description = "The split of the dataset or task (default: ${DEFAULT-VALUE}; a folder is read whole).")
    private String split;

    @Option(names = "--size", defaultValue = "112", paramLabel = "PX",
            description = "Square input size images are resized to (default: ${DEFAULT-VALUE}, as the study).")
    private int size;

    @Option(names = "--batch", defaultValue = "32", paramLabel = "N",
            description = "Images per minibatch, 4 or more (default: ${DEFAULT-VALUE}).")
    private int batch;

    @Mixin
    private ImageSetOption dataset;

    @Mixin
    private WorkersOption workers;

    @Mixin
    private CacheOption cache;

    @Mixin
    private ProgressOption progress;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for cka.json and cka.csv.")
    private Path out;

    @Override
    public Integer call() {
        RepbenchCommand root = (RepbenchCommand) spec.root().userObject();
        PrintWriter err = spec.commandLine().getErr();
        Split chosenSplit = ImageSetOption.split(spec, "--split", split);
        boolean balanced = switch (subset.strip().toLowerCase(Locale.ROOT)) {
            case "first" -> false;
            case "balanced" -> true;
            default -> throw Usage.error(spec, "--subset '" + subset + "' is not first or balanced");
        };
        List<LoadedEncoder> loaded = new ArrayList<>();
        for (Path e : encoders) {
            loaded.add(EncoderOption.read(e, err));
        }
        List<String> compared = outputs == null ? shared(loaded)
                : List.copyOf(new LinkedHashSet<>(outputs.stream().map(String::strip).toList()));
        try { // the options and outputs checked before any image is read
            new CkaComparison.Request(loaded, compared, images, batch, size, CkaComparison.Images.none(),
                    root.execution().device(), root.execution().threads(), workers.countOrDefault());
        } catch (IllegalArgumentException e) {
            throw Usage.error(spec, e.getMessage());
        }
        OutputFolder.requireWritable(out, "--out"); // before the matrix is computed, not after
        OutputFolder.requireWritable(cache.folder(), "--cache");
        try {
            for (LoadedEncoder each : loaded) {
                OnnxEngine.checkLoads(each, root.execution().device(), root.execution().threads()); // before the data is read
            }
        } catch (SessionException e) {
            throw new CliFailure(e.getMessage(), e);
        }
        root.execution().announceFeaturesProvider(err);
        PrintWriter stdout = spec.commandLine().getOut();
        int drawn = balanced ? CkaComparison.Images.balancedSubsetSize(images, batch) : 0;
        CkaComparison.Result result;
        try (ImageSetOption.Opened opened = dataset.open(root::loadPlugins, chosenSplit, drawn, seed, err)) {
            ImageSet set = opened.images();
            String task = "cka " + loaded.stream().map(e -> e.descriptor().architecture()).reduce((x, y) -> x + " vs " + y)
                    .orElseThrow() + " " + dataset.dataset() + "/" + set.split();
            CkaComparison.Images data = CkaComparison.Images.opened(set.dataset(), set.split(), set.subset(), set.samples(),
                    set.manifest());
            // each encoder's Grams are kept beside its features: comparing it again, alone or with another, reads them
            CkaComparison.Request request = new CkaComparison.Request(loaded, compared, images, batch, size, data,
                    root.execution().device(), root.execution().threads(), workers.countOrDefault(),
                    GramCache.in(FeatureCache.open(cache.folder()), data, chosenSplit));
            try (ProgressDisplay display = progress.display(spec, err, task)) {
                result = CkaComparison.run(request, display);
            }
        } catch (IllegalArgumentException | TaskDataException | SessionException | FeatureCacheException e) {
            throw new CliFailure(e.getMessage(), e);
        }
        Path created = AtomicFiles.topmostMissing(out);
        try {
            result.file().write(out);
        } catch (IOException | UncheckedIOException e) {
            AtomicFiles.removeCreatedFolders(out, created);
            IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            throw new CliFailure("cannot write the CKA matrix to " + out + ": " + FileProblems.reason(cause)
                    + " (check that the folder is writable and the disk has space)", e);
        }
        print(stdout, result);
        return 0;
    }

    private void print(PrintWriter stdout, CkaComparison.Result result) {
        CkaFile file = result.file();
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>();
        header.add("CKA");
        header.addAll(file.columnLabels());
        rows.add(header);
        for (int i = 0; i < file.rowLabels().size(); i++) {
            List<String> row = new ArrayList<>();
            row.add(file.rowLabels().get(i));
            for (int j = 0; j < file.columnLabels().size(); j++) {
                row.add(String.format(Locale.ROOT, "%.3f", file.values()[i][j]));
            }
            rows.add(row);
        }
        TextTable.print(stdout, rows);
        int cached = result.run().cachedEncoders();
        String fromCache = cached == 0 ? "" : cached == file.encoders().size() ? ", every encoder's Grams from the cache"
                : ", one encoder's Grams from the cache";
        stdout.printf(Locale.ROOT, "%d images in %d batches of %d at %d×%d, %.2f s (%.2f s in ONNX Runtime%s); wrote %s and %s%n",
                file.images(), result.run().batches(), batch, size, size, result.run().seconds(), result.run().encoderSeconds(),
                fromCache, out.resolve(CkaFile.JSON_FILE), out.resolve(CkaFile.CSV_FILE));
        stdout.flush();
    }

    /** The contract's outputs (block1..block5, embedding) that every encoder has, in that order. */
    private List<String> shared(List<LoadedEncoder> loaded) {
        List<String> contract = new ArrayList<>(EncoderTensors.BLOCKS);
        contract.add(EncoderTensors.EMBEDDING);
        List<String> shared = contract.stream()
                .filter(o -> loaded.stream().allMatch(e -> e.descriptor().outputs().containsKey(o))).toList();
        if (shared.isEmpty()) {
            throw Usage.error(spec, "the encoders share none of " + contract + ": name the outputs to compare with --outputs");
        }
        return shared;
    }
}
