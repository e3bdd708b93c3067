package dev.repbench.runtime.features.pipeline;

import dev.repbench.api.data.SampleSource;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Loads a batch of images and packs them into encoders' input buffers on worker threads: each image is read once and
 * packed for every preprocessor (one per encoder: feature extraction has one, CKA between two encoders two), at its
 * own offset whichever worker loads it, so the result does not depend on the number of workers.
 */
public final class BatchPacking {
    private BatchPacking() {
    }

    /**
     * Packs images {@code first … first+n−1} of {@code source}.
     *
     * @param preprocessors one per input buffer
     * @param slots         the input buffers, {@code slots[e]} packed by {@code preprocessors.get(e)}
     * @param imageFloats   floats per image in each buffer
     * @param pool          the workers, or null to pack on the calling thread
     * @param workers       how many contiguous chunks to split the batch into
     * @throws Exception what loading or packing an image threw
     */
    public static void fill(SampleSource source, int first, int n, List<Preprocessor> preprocessors, FloatBuffer[] slots,
                            int imageFloats, ExecutorService pool, int workers) throws Exception {
        if (pool == null) {
            pack(source, first, 0, n, preprocessors, slots, imageFloats);
            return;
        }
        int chunk = (n + workers - 1) / workers;
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int from = 0; from < n; from += chunk) {
            int lo = from;
            int hi = Math.min(n, from + chunk);
            tasks.add(() -> {
                pack(source, first, lo, hi, preprocessors, slots, imageFloats);
                return null;
            });
        }
        for (Future<Void> done : pool.invokeAll(tasks)) {
            try {
                done.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : new RuntimeException(e.getCause());
            }
        }
    }

    private static void pack(SampleSource source, int first, int lo, int hi, List<Preprocessor> preprocessors,
                             FloatBuffer[] slots, int imageFloats) {
        for (int i = lo; i < hi; i++) {
            var image = source.get(first + i).image();
            for (int e = 0; e < slots.length; e++) {
                preprocessors.get(e).pack(image, slots[e], i * imageFloats);
            }
        }
    }
}
