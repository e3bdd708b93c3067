package dev.repbench.runtime.features;

import dev.repbench.runtime.io.Sha256;
import dev.repbench.api.Device;
import dev.repbench.api.data.SampleSource;
import dev.repbench.api.data.Split;
import ai.onnx.proto.OnnxMl.ModelProto;
import dev.repbench.runtime.encoder.EncoderDescriptor;
import dev.repbench.runtime.encoder.LoadedEncoder;
import dev.repbench.runtime.encoder.onnx.ExternalData;
import dev.repbench.runtime.features.cache.CacheEntryWriter;
import dev.repbench.runtime.features.cache.CacheKey;
import dev.repbench.runtime.features.cache.FeatureCache;
import dev.repbench.runtime.features.cache.FeatureCacheException;
import dev.repbench.runtime.features.cache.FeatureDtype;
import dev.repbench.runtime.features.pipeline.BatchPipeline;
import dev.repbench.runtime.features.pipeline.Preprocessor;
import dev.repbench.runtime.features.session.BatchRunner;
import dev.repbench.runtime.features.session.EncoderSession;
import dev.repbench.runtime.features.session.OnnxEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Extracts an encoder's outputs for the first {@code count} samples of a split into the feature cache: outputs
 * already cached are reused ("cache hit"), the rest are computed in one pass through the encoder.
 */
public final class FeatureExtractor {

    /**
     * What to extract.
     *
     * @param encoder             the encoder file
     * @param source              the split's samples (their first frame is used)
     * @param dataset             the dataset's name, recorded in keys
     * @param datasetManifestHash the dataset's manifest hash
     * @param split               the split
     * @param count               samples from index 0, at least 1
     * @param outputs             encoder outputs, e.g. {@code embedding}, {@code block1}…{@code block5}
     * @param dtype               storage type
     */
    public record Request(LoadedEncoder encoder, SampleSource source, String dataset, String datasetManifestHash,
                          Split split, int count, List<String> outputs, FeatureDtype dtype) {
        public Request {
            outputs = List.copyOf(outputs);
            if (count < 1 || count > source.size()) {
                throw new IllegalArgumentException("count is 1 to " + source.size() + " (the split's size), got " + count);
            }
            if (outputs.isEmpty()) {
                throw new IllegalArgumentException("no output asked for");
            }
        }
    }

    /**
     * How to compute.
     *
     * @param device        where the encoder runs: a CUDA device runs on ONNX Runtime's CPU provider when the CUDA one is
     *                      unavailable ({@link OnnxEngine#providerFor})
     * @param threads       ONNX Runtime's intra-op threads
     * @param batchSize     images per batch
     * @param workers       threads decoding and preprocessing
     * @param pinnedOutputs whether ONNX Runtime writes outputs into pre-allocated buffers (true) or they are copied
     */
    public record Settings(Device device, int threads, int batchSize, int workers, boolean pinnedOutputs) {
        /** Batch 32, pinned outputs, one worker per two processors (at least one). */
        public static Settings defaults(Device device, int threads) {
            return new Settings(device, threads, 32, defaultWorkers(), true);
        }

        /** One loader per two processors, 1 to 4: preprocessing is a few percent of the encoder's work. */
        public static int defaultWorkers() {
            return Math.clamp(Runtime.getRuntime().availableProcessors() / 2, 1, 4);
        }
    }

    /**
     * One output's cache entry.
     *
     * @param output   the encoder output
     * @param file     its {@code .npy} file
     * @param cacheHit whether it was already cached
     * @param shape    the array's shape, samples first
     */
    public record Entry(String output, Path file, boolean cacheHit, List<Long> shape) {
    }

    /**
     * What an extraction did.
     *
     * @param entries           one per output asked for, in order
     * @param imagesComputed    images run through the encoder (0 when everything was cached)
     * @param seconds           wall time of the encoder pass (0 when everything was cached)
     * @param loaderWaitSeconds time the encoder waited for the loader
     * @param pinnedOutputs     whether outputs were pinned
     */
    public record Result(List<Entry> entries, int imagesComputed, double seconds, double loaderWaitSeconds,
                         boolean pinnedOutputs) {
        /** Images per second of the encoder pass, NaN when nothing was computed. */
        public double imagesPerSecond() {
            return imagesComputed == 0 ? Double.NaN : imagesComputed / seconds;
        }

        /** Whether every output came from the cache. */
        public boolean allCached() {
            return entries.stream().allMatch(Entry::cacheHit);
        }
    }

    /** Told when computing starts and how many images are done after each batch, on the extracting thread. */
    public interface Progress {
        /** Nothing to report. */
        Progress NONE = done -> {
        };

        /** The encoder is loaded and {@code total} images are about to be computed (not called on a full cache hit). */
        default void started(int total) {
        }

        /** {@code done} images of the total are computed. */
        void imagesDone(int done);
    }

    private FeatureExtractor() {
    }

    /** The cache key of {@code output} for {@code request}. */
    public static CacheKey keyOf(Request request, String output) {
        return new CacheKey(encoderSha256(request.encoder()), request.dataset(), request.datasetManifestHash(),
                request.split(), request.count(), Preprocessor.of(request.encoder().descriptor().preprocessing()).description(),
                output, request.dtype());
    }

    /**
     * Extracts {@code request} into {@code cache}.
     *
     * @throws dev.repbench.runtime.features.session.SessionException if ONNX Runtime fails
     * @throws FeatureCacheException                                  if the cache cannot be written
     */
    public static Result extract(Request request, Settings settings, FeatureCache cache, Progress progress) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String output : request.outputs()) {
            CacheKey key = keyOf(request, output);
            Optional<Path> hit = cache.lookup(key);
            if (hit.isPresent()) {
                entries.put(output, new Entry(output, hit.get(), true, shapeOf(hit.get())));
            } else {
                entries.put(output, null);
                missing.add(output);
            }
        }
        if (missing.isEmpty()) {
            return new Result(List.copyOf(entries.values()), 0, 0, 0, settings.pinnedOutputs());
        }
        Preprocessor preprocessor = Preprocessor.of(request.encoder().descriptor().preprocessing());
        List<CacheEntryWriter> writers = new ArrayList<>();
        try (EncoderSession session = OnnxEngine.open(request.encoder(), settings.device(), settings.threads());
             BatchRunner runner = session.newBatchRunner(Math.min(settings.batchSize(), request.count()),
                     preprocessor.height(), preprocessor.width(), missing, 2, settings.pinnedOutputs())) {
            for (String output : missing) {
                writers.add(cache.create(keyOf(request, output), runner.outputShapes().get(output)));
            }
            progress.started(request.count());
            BatchPipeline.Stats stats = BatchPipeline.run(request.source(), request.count(), preprocessor, runner,
                    settings.workers(), (first, outputs) -> {
                        for (CacheEntryWriter writer : writers) {
                            writer.writeRows(first, outputs.values(writer.key().output()), outputs.count());
                        }
                        progress.imagesDone(first + outputs.count());
                    });
            for (CacheEntryWriter writer : writers) {
                Path file = writer.commit();
                List<Long> shape = new ArrayList<>();
                for (long d : writer.header().shape()) {
                    shape.add(d);
                }
                entries.put(writer.key().output(), new Entry(writer.key().output(), file, false, List.copyOf(shape)));
            }
            return new Result(List.copyOf(entries.values()), stats.images(), stats.seconds(), stats.loaderWaitSeconds(),
                    runner.pinnedOutputs());
        } finally {
            for (CacheEntryWriter writer : writers) {
                writer.close();
            }
        }
    }

    private static List<Long> shapeOf(Path npy) {
        try (var file = dev.repbench.runtime.features.cache.FeatureFile.open(npy)) {
            List<Long> shape = new ArrayList<>();
            for (long d : file.shape()) {
                shape.add(d);
            }
            return List.copyOf(shape);
        }
    }

    /** One sha-256 for a model file and its external data's. */
    private static String joined(String model, String data) {
        return Sha256.of((model + "+" + data).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * The ONNX file's sha256 (recorded in the descriptor and checked on reading, else computed), joined by its external
     * data files' where its weights lie in them (recorded by import; computed for a bare model file): what the weights
     * are.
     */
    public static String encoderSha256(LoadedEncoder encoder) {
        String recorded = encoder.descriptor().provenance().onnxSha256();
        EncoderDescriptor.Imported imported = encoder.descriptor().provenance().imported();
        try {
            String model = recorded != null ? recorded.toLowerCase(java.util.Locale.ROOT) : Sha256.ofFile(encoder.onnxFile());
            if (imported != null && imported.externalDataSha256() != null) {
                return joined(model, imported.externalDataSha256());
            }
            if (!encoder.derived()) {
                return model; // its encoder.json names no external data: the weights are in the model
            }
            ModelProto graph = encoder.completedModel() != null ? encoder.completedModel()
                    : ModelProto.parseFrom(Files.readAllBytes(encoder.onnxFile()));
            return ExternalData.sha256(graph, encoder.onnxFile().toAbsolutePath().getParent()).map(d -> joined(model, d))
                    .orElse(model);
        } catch (IOException e) {
            throw new FeatureCacheException("cannot hash " + encoder.onnxFile() + ": " + e.getMessage(), e);
        }
    }
}
