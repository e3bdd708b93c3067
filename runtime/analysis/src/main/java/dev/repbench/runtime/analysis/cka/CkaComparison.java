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
 * first's outputs as rows against the second's as columns), on the first images of a set the caller opened (a
 * dataset's test split for a study's cells; any split, task, folder or balanced subset for {@code repbench cka}), as
 * a {@link CkaFile}. {@code repbench cka} and a study's CKA cells both call it.
 */
public final class CkaComparison {
    private CkaComparison() {
    }

    /**
     * The images compared on, as the caller opened them.
     *
     * @param dataset  the dataset's name, recorded in the CKA file
     * @param split    the split's name, recorded
     * @param samples  the images; the first {@code images} (whole batches) are read
     * @param manifest the hash identifying them, recorded
     */
    public record Images(String dataset, String split, SampleSource samples, String manifest) {
        public Images {
            Objects.requireNonNull(dataset, "dataset");
            Objects.requireNonNull(split, "split");
            Objects.requireNonNull(samples, "samples");
            Objects.requireNonNull(manifest, "manifest");
        }

        /** No images: for checking a request's other values before the images are opened. */
        public static Images none() {
            return new Images("none", "none", SampleSource.empty(), "none");
        }

        /** How an image set opened whole says so in its {@code subset}: the split is recorded alone. */
        public static final String WHOLE = "all";

        /**
         * The images a caller opened, whole or as a subset: a subset is recorded with the split it was drawn from,
         * e.g. {@code test (balanced 640, seed 0)}, so the CKA file says which images it compared.
         *
         * @param subset how the images were chosen: {@link #WHOLE}, or a description such as {@code balanced 640, seed 0}
         */
        public static Images opened(String dataset, String split, String subset, SampleSource samples, String manifest) {
            return new Images(dataset, subset.equals(WHOLE) ? split : split + " (" + subset + ")", samples, manifest);
        }

        /**
         * The size of the class-balanced subset to draw for a comparison of {@code images} in batches of
         * {@code batchSize}: whole batches only, since the last partial batch is never compared, so every image drawn
         * counts.
         */
        public static int balancedSubsetSize(int images, int batchSize) {
            return images / batchSize * batchSize;
        }

        /** Fashion-MNIST's test split, the study's CKA cells' images. */
        public static Images of(FashionMnistSplits data) {
            return new Images(FashionMnistSplits.NAME, "test", data.split(Split.TEST), data.manifestHash());
        }
    }

    /**
     * One comparison.
     *
     * @param encoders  one encoder, or two
     * @param outputs   the outputs compared, each present in every encoder
     * @param images    test images wanted (rounded down to full batches)
     * @param batchSize images per minibatch, 4 or more
     * @param size      the square side images are resized to
     * @param data      the images
     * @param device    where the encoders run
     * @param threads   ONNX Runtime's intra-op threads
     * @param workers   threads decoding and preprocessing images, or 0 for the default
     * @param grams     where each encoder's Grams of {@code data} are kept, so a later comparison with it reads them
     *                  instead of running it again; null to keep nothing
     */
    public record Request(List<LoadedEncoder> encoders, List<String> outputs, int images, int batchSize, int size,
                          Images data, Device device, int threads, int workers, GramCache grams) {
        /** A request that keeps no Grams. */
        public Request(List<LoadedEncoder> encoders, List<String> outputs, int images, int batchSize, int size,
                       Images data, Device device, int threads, int workers) {
            this(encoders, outputs, images, batchSize, size, data, device, threads, workers, null);
        }

        /** @throws IllegalArgumentException naming the value out of range or the output an encoder lacks */
        public Request {
            encoders = List.copyOf(encoders);
            outputs = List.copyOf(outputs);
            Objects.requireNonNull(data, "data");
            if (grams != null && grams.images() != data) {
                throw new IllegalArgumentException("the Gram cache was opened for other images than the comparison's");
            }
            if (encoders.isEmpty() || encoders.size() > 2) {
                throw new IllegalArgumentException("CKA compares one encoder's outputs or two encoders', got "
                        + encoders.size() + " encoders");
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
     * @throws IllegalArgumentException if the images are fewer than one batch
     * @throws dev.repbench.api.task.TaskDataException if an image cannot be read
     */
    public static Result run(Request request, FeatureExtractor.Progress progress) {
        int workers = request.workers() > 0 ? request.workers() : FeatureExtractor.Settings.defaultWorkers();
        CkaRunner.Settings settings = new CkaRunner.Settings(request.images(), request.batchSize(), request.size(),
                request.outputs(), request.device(), request.threads(), workers);
        List<LoadedEncoder> encoders = request.encoders();
        Images data = request.data();
        SampleSource source = data.samples();
        if (CkaRunner.usableImages(request.images(), source.size(), request.batchSize()) < request.batchSize()) {
            throw new IllegalArgumentException("the " + data.split() + " images of " + data.dataset() + " are "
                    + source.size() + ", fewer than one batch of " + request.batchSize() + " (lower --batch)");
        }
        CkaRunner.Result run = CkaRunner.run(source, encoders, settings, progress, request.grams());
        boolean symmetric = encoders.size() == 1;
        List<CkaFile.Encoder> entries = new ArrayList<>();
        for (int i = 0; i < encoders.size(); i++) {
            LoadedEncoder e = encoders.get(i);
            String role = symmetric ? "rows and columns" : i == 0 ? "rows (A)" : "columns (B)";
            entries.add(new CkaFile.Encoder(role, e.descriptor().architecture(), e.onnxFile().toString(), sha256(e.onnxFile())));
        }
        CkaFile file = new CkaFile(CkaFile.FORMAT_VERSION, BuildInfo.version(), CkaFile.FORM, data.dataset(), data.split(), data.manifest(), run.images(), request.batchSize(),
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
