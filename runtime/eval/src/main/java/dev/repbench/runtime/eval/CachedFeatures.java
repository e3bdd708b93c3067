package dev.repbench.runtime.eval;

import dev.repbench.api.EndTask;
import dev.repbench.api.data.SampleSource;
import dev.repbench.api.data.Split;
import dev.repbench.runtime.encoder.EncoderDescriptor;
import dev.repbench.runtime.encoder.LoadedEncoder;
import dev.repbench.runtime.features.FeatureExtractor;
import dev.repbench.runtime.features.cache.FeatureCache;
import dev.repbench.runtime.features.cache.FeatureCacheException;
import dev.repbench.runtime.features.cache.FeatureDtype;
import dev.repbench.runtime.features.cache.FeatureFile;
import dev.repbench.runtime.features.pipeline.Preprocessor;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A task's frozen features as protocols read them: from the feature cache, extracted into it first where missing
 * (every sample of the split, so every seed and configuration shares them). Frame 0 of a task is keyed by the task's
 * name, so single-frame and multi-frame heads share it; frame k > 0 by {@code <task>-frame<k>}.
 */
public final class CachedFeatures {
    private final FeatureCache cache;
    private final FeatureExtractor.Settings settings;

    /**
     * @param cache    the feature cache
     * @param settings how the encoder runs (device, threads, batch)
     */
    public CachedFeatures(FeatureCache cache, FeatureExtractor.Settings settings) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** @return how the encoder runs */
    public FeatureExtractor.Settings settings() {
        return settings;
    }

    /**
     * Open feature files of one split, per frame position and output; closing unmaps them all.
     *
     * @param frames for each frame position, one file per requested output, in the order requested
     */
    public record Opened(List<List<FeatureFile>> frames) implements AutoCloseable {
        public Opened {
            frames = frames.stream().map(List::copyOf).toList();
        }

        /** @return output {@code index}'s file at each frame position, in frame order */
        public List<FeatureFile> output(int index) {
            return frames.stream().map(files -> files.get(index)).toList();
        }

        @Override
        public void close() {
            frames.forEach(files -> files.forEach(FeatureFile::close));
        }
    }

    /**
     * The split's features, each frame position's extracted and cached separately.
     *
     * @param encoder  the encoder
     * @param task     the task, which names the cache entries
     * @param manifest the task data's manifest hash
     * @param split    the split
     * @param source   the split's samples (every one is extracted)
     * @param frames   frame positions per sample, at least 1
     * @param outputs  encoder outputs, e.g. {@code embedding} or {@code block1…block5}
     * @param dtype    how they are stored
     * @return the open files
     * @throws IllegalArgumentException if the split is empty
     * @throws FeatureCacheException    if the missing outputs would not fit on the cache's disk
     */
    public Opened open(LoadedEncoder encoder, EndTask task, String manifest, Split split, SampleSource source, int frames,
                       List<String> outputs, FeatureDtype dtype) {
        if (source.size() == 0) {
            throw new IllegalArgumentException("task " + task.name() + " has no " + split + " samples");
        }
        List<List<FeatureFile>> perFrame = new ArrayList<>();
        List<FeatureFile> opened = new ArrayList<>();
        try {
            for (int k = 0; k < frames; k++) {
                SampleSource frame = k == 0 ? source : new FrameSource(source, k);
                String dataset = k == 0 ? task.name() : task.name() + "-frame" + k;
                FeatureExtractor.Request request = new FeatureExtractor.Request(encoder, frame, dataset, manifest, split,
                        source.size(), outputs, dtype);
                checkDiskBudget(request);
                FeatureExtractor.Result result = FeatureExtractor.extract(request, settings, cache, FeatureExtractor.Progress.NONE);
                List<FeatureFile> files = new ArrayList<>();
                for (FeatureExtractor.Entry entry : result.entries()) {
                    FeatureFile file = FeatureFile.open(entry.file());
                    opened.add(file);
                    files.add(file);
                }
                perFrame.add(files);
            }
            return new Opened(perFrame);
        } catch (RuntimeException e) {
            opened.forEach(FeatureFile::close);
            throw e;
        }
    }

    /**
     * Refuses to start an extraction whose missing files would not fit on the cache's disk: a block pyramid is
     * hundreds of times an embedding, and a half-written cache helps no one.
     *
     * @throws FeatureCacheException naming the bytes needed and free
     */
    private void checkDiskBudget(FeatureExtractor.Request request) {
        Preprocessor input = Preprocessor.of(request.encoder().descriptor().preprocessing());
        long bytes = 0;
        for (String output : request.outputs()) {
            if (cache.lookup(FeatureExtractor.keyOf(request, output)).isEmpty()) {
                bytes += request.count() * valuesPerRow(request.encoder().descriptor().outputs().get(output), input)
                        * request.dtype().bytes();
            }
        }
        if (bytes == 0) {
            return;
        }
        long free;
        try {
            free = Files.getFileStore(cache.root()).getUsableSpace();
        } catch (IOException e) {
            return; // an unknown free space does not stop the run: writing will fail by name if the disk fills
        }
        if (bytes > free) {
            throw new FeatureCacheException(String.format(Locale.ROOT,
                    "the features of %s (%s, %d samples) need %.1f GB in the feature cache %s but only %.1f GB are free",
                    request.dataset(), request.split(), request.count(), bytes / 1e9, cache.root(), free / 1e9), null);
        }
    }

    /** Values per sample of a spatial output at the encoder's input size ({@code H/s} rounded up); 0 if unknown. */
    private static long valuesPerRow(EncoderDescriptor.Output output, Preprocessor input) {
        if (output == null || output.shape().size() != 4 || !(output.shape().get(1) instanceof Long channels)) {
            return 0;
        }
        long stride = output.stride() == null ? 1 : output.stride();
        return channels * Math.ceilDiv(input.height(), stride) * Math.ceilDiv(input.width(), stride);
    }
}
