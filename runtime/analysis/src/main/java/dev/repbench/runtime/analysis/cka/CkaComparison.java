package dev.repbench.runtime.analysis.cka;

import dev.repbench.runtime.version.BuildInfo;
import dev.repbench.api.Device;
import dev.repbench.api.data.SampleSource;
import dev.repbench.api.data.Split;
import dev.repbench.runtime.data.FashionMnistSplits;
import dev.repbench.runtime.encoder.LoadedEncoder;
import dev.repbench.runtime.features.FeatureExtractor;
import dev.repbench.runtime.io.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The CKA service: minibatch linear CKA between the outputs of one encoder (all pairs) or of two encoders (the
 * first's outputs as rows against the second's as columns), on the first images of a dataset's test split, as a
 * {@link CkaFile}. {@code repbench cka} and a study's CKA cells both call it.
 */
public final class CkaComparison {
    /** The datasets CKA reads so far. */
    public static final List<String> DATASETS = List.of(FashionMnistSplits.NAME);

    private CkaComparison() {
    }

    /**
     * One comparison.
     *
     * @param encoders  one encoder, or two
     * @param outputs   the outputs compared, each present in every encoder
     * @param images    test images wanted (rounded down to full batches)
     * @param batchSize images per minibatch, 4 or more
     * @param size      the square side images are resized to
     * @param dataset   a name of {@link #DATASETS}
     * @param dataRoot  the folder holding the dataset's files
     * @param device    where the encoders run
     * @param threads   ONNX Runtime's intra-op threads
     * @param workers   threads decoding and preprocessing images, or 0 for the default
     */
    public record Request(List<LoadedEncoder> encoders, List<String> outputs, int images, int batchSize, int size,
                          String dataset, Path dataRoot, Device device, int threads, int workers) {
        /** @throws IllegalArgumentException naming the value out of range or the output an encoder lacks */
        public Request {
            encoders = List.copyOf(encoders);
            outputs = List.copyOf(outputs);
            Objects.requireNonNull(dataRoot, "dataRoot");
            if (encoders.isEmpty() || encoders.size() > 2) {
                throw new IllegalArgumentException("CKA compares one encoder's outputs or two encoders', got "
                        + encoders.size() + " encoders");
            }
            if (!DATASETS.contains(dataset)) {
                throw new IllegalArgumentException("dataset '" + dataset + "' is not one of " + DATASETS);
            }
            if (batchSize < UnbiasedHsic.MIN_INPUTS || images < 1 || size < 1 || threads < 1 || workers < 0) {
                throw new IllegalArgumentException("the batch is " + UnbiasedHsic.MIN_INPUTS + " images or more (unbiased"
                        + " HSIC needs 4); images, size and threads 1 or more");
            }
            if (images < batchSize) {
                throw new IllegalArgumentException(images + " images are less than one batch of " + batchSize);
            }
            for (LoadedEncoder e : encoders) {
                List<String> absent = new ArrayList<>(outputs);
                absent.removeAll(e.descriptor().outputs().keySet());
                if (!absent.isEmpty()) {
                    throw new IllegalArgumentException("outputs " + String.join(",", absent) + " not in " + e.onnxFile()
                            + " (it has " + String.join(",", e.descriptor().outputs().keySet()) + ")");
                }
            }
        }
    }

    /**
     * What a comparison produced.
     *
     * @param file the matrix with its labels and provenance, to be written with {@link CkaFile#write}
     * @param run  how it ran: batches, seconds, time in ONNX Runtime
     */
    public record Result(CkaFile file, CkaRunner.Result run) {
    }

    /**
     * Runs a comparison.
     *
     * @param progress told after each batch
     * @throws IllegalArgumentException if the dataset's test split has fewer images than one batch
     * @throws dev.repbench.api.task.TaskDataException if the dataset's files are missing or malformed
     */
    public static Result run(Request request, FeatureExtractor.Progress progress) {
        int workers = request.workers() > 0 ? request.workers() : FeatureExtractor.Settings.defaultWorkers();
        CkaRunner.Settings settings = new CkaRunner.Settings(request.images(), request.batchSize(), request.size(),
                request.outputs(), request.device(), request.threads(), workers);
        List<LoadedEncoder> encoders = request.encoders();
        CkaRunner.Result run;
        String manifest;
        try (FashionMnistSplits data = FashionMnistSplits.open(request.dataRoot())) {
            SampleSource source = data.split(Split.TEST);
            if (CkaRunner.usableImages(request.images(), source.size(), request.batchSize()) < request.batchSize()) {
                throw new IllegalArgumentException("the test split of " + request.dataset() + " in " + data.root() + " has "
                        + source.size() + " images, fewer than one batch of " + request.batchSize());
            }
            manifest = data.manifestHash();
            run = encoders.size() == 1 ? CkaRunner.within(source, encoders.get(0), settings, progress)
                    : CkaRunner.between(source, encoders.get(0), encoders.get(1), settings, progress);
        }
        boolean symmetric = encoders.size() == 1;
        List<CkaFile.Encoder> entries = new ArrayList<>();
        for (int i = 0; i < encoders.size(); i++) {
            LoadedEncoder e = encoders.get(i);
            String role = symmetric ? "rows and columns" : i == 0 ? "rows (A)" : "columns (B)";
            entries.add(new CkaFile.Encoder(role, e.descriptor().architecture(), e.onnxFile().toString(), sha256(e.onnxFile())));
        }
        CkaFile file = new CkaFile(CkaFile.FORMAT_VERSION, BuildInfo.version(), CkaFile.FORM, request.dataset(), "test", manifest, run.images(), request.batchSize(),
                List.of(request.size(), request.size()), entries, symmetric,
                labels(run.matrix().rowLayers(), symmetric ? "" : "A:"),
                labels(run.matrix().columnLayers(), symmetric ? "" : "B:"), run.matrix().values());
        return new Result(file, run);
    }

    private static List<String> labels(List<String> layers, String prefix) {
        return layers.stream().map(l -> prefix + l).toList();
    }

    private static String sha256(Path file) {
        try {
            return Sha256.ofFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
