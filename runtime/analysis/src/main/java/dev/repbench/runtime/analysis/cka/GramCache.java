package dev.repbench.runtime.analysis.cka;

import dev.repbench.api.data.Split;
import dev.repbench.runtime.encoder.LoadedEncoder;
import dev.repbench.runtime.features.FeatureExtractor;
import dev.repbench.runtime.features.cache.CacheEntryWriter;
import dev.repbench.runtime.features.cache.CacheKey;
import dev.repbench.runtime.features.cache.FeatureCache;
import dev.repbench.runtime.features.cache.FeatureDtype;
import dev.repbench.runtime.features.cache.FeatureFile;
import dev.repbench.runtime.features.pipeline.Preprocessor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An encoder's minibatch Grams, kept in the {@link FeatureCache} beside its features, so that comparing N encoders
 * pairwise runs each encoder once, not N times: a comparison of A with B reads A's Grams where A's own comparison (or
 * another pair's) left them. The HSIC terms of a pair need only each encoder's Gram of each batch
 * ({@link CkaMatrixAccumulator}), and the two encoders see the same batches, so Grams computed alone are the Grams
 * computed together: a matrix from cached Grams equals the one computed afresh, to the bit.
 *
 * <p>One cache entry per encoder output ({@code gram.<output>}): row i is image i's row of its batch's n × n Gram, as
 * ONNX Runtime returned it (float32), so the array is {@code [images, n]}. The key holds everything a Gram depends
 * on: the encoder (the ONNX file's sha256), the images (dataset, their description and manifest), the side they are
 * resized to and the encoder's normalisation, and the batch size n.
 */
public final class GramCache {
    /** The prefix of a Gram entry's output name, e.g. {@code gram.block3}. */
    public static final String OUTPUT_PREFIX = "gram.";

    private final FeatureCache cache;
    private final CkaComparison.Images images;
    private final Split split;

    private GramCache(FeatureCache cache, CkaComparison.Images images, Split split) {
        this.cache = cache;
        this.images = images;
        this.split = split;
    }

    /** Grams of {@code images}, drawn from {@code split} of their dataset, kept in {@code cache}. */
    public static GramCache in(FeatureCache cache, CkaComparison.Images images, Split split) {
        return new GramCache(Objects.requireNonNull(cache, "cache"), Objects.requireNonNull(images, "images"),
                Objects.requireNonNull(split, "split"));
    }

    /** The images whose Grams these are. */
    public CkaComparison.Images images() {
        return images;
    }

    /**
     * The key of one output's Grams.
     *
     * @param images the images used: whole batches of the run
     */
    CacheKey key(LoadedEncoder encoder, String output, CkaRunner.Settings settings, int images) {
        Map<String, Object> determinedBy = new LinkedHashMap<>(preprocessor(encoder, settings.size()).description());
        determinedBy.put("gramBatch", settings.batchSize());
        determinedBy.put("images", this.images.split()); // as the CKA file records them: with how a subset was drawn
        return new CacheKey(FeatureExtractor.encoderSha256(encoder), this.images.dataset(), this.images.manifest(),
                split, images, determinedBy, OUTPUT_PREFIX + output, FeatureDtype.F32);
    }

    /** The encoder's Grams of every output in {@code settings}, opened for reading, if each is in the cache. */
    Optional<List<FeatureFile>> lookup(LoadedEncoder encoder, CkaRunner.Settings settings, int images) {
        List<FeatureFile> files = new ArrayList<>();
        for (String output : settings.outputs()) {
            Optional<Path> hit = cache.lookup(key(encoder, output, settings, images));
            if (hit.isEmpty()) {
                files.forEach(FeatureFile::close);
                return Optional.empty();
            }
            files.add(FeatureFile.open(hit.get()));
        }
        return Optional.of(files);
    }

    /** Writers for the encoder's Grams of every output, each {@code [images, batch]}, committed by the caller. */
    List<CacheEntryWriter> create(LoadedEncoder encoder, CkaRunner.Settings settings, int images) {
        List<CacheEntryWriter> writers = new ArrayList<>();
        try {
            for (String output : settings.outputs()) {
                writers.add(cache.create(key(encoder, output, settings, images), List.of((long) settings.batchSize())));
            }
        } catch (RuntimeException e) {
            writers.forEach(CacheEntryWriter::close);
            throw e;
        }
        return writers;
    }

    /** How CKA preprocesses an encoder's images: resized to a square side, the encoder's own normalisation. */
    static Preprocessor preprocessor(LoadedEncoder encoder, int size) {
        return Preprocessor.of(encoder.descriptor().preprocessing(), size, size);
    }
}
