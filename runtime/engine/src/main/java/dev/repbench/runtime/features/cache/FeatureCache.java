package dev.repbench.runtime.features.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repbench.runtime.io.AtomicFiles;
import dev.repbench.runtime.io.UserCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A folder of cached feature arrays: {@code <root>/<output>-<dtype>-<key hash>/} holding {@value #FEATURES_FILE}
 * and {@value #KEY_FILE}. An entry is complete once its folder has its final name: writers fill a temporary
 * folder {@code .partial~…} and rename it ({@link CacheEntryWriter#commit}).
 *
 * <p>Temporary folders left by a crash are ignored by lookups and removed when the cache is opened: those of
 * processes on this host that no longer run, and any older than {@link #ABANDONED_AFTER} (e.g. from another host
 * sharing the folder).
 */
public final class FeatureCache {
    /** The feature array's file name in an entry. */
    public static final String FEATURES_FILE = "features.npy";
    /** The key's file name in an entry. */
    public static final String KEY_FILE = "key.json";
    /** Temporary folders older than this are removed whoever made them. */
    public static final Duration ABANDONED_AFTER = Duration.ofDays(1);

    static final String PARTIAL_PREFIX = ".partial~";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;

    private FeatureCache(Path root) {
        this.root = root;
    }

    /** The user cache's {@code features} folder ({@code ~/.cache/repbench/features}): where features go by default. */
    public static Path defaultFolder() {
        return UserCache.folder().resolve("features");
    }

    /**
     * Opens (creating it if needed) the cache folder {@code root} and removes temporary folders abandoned by crashes.
     *
     * @throws FeatureCacheException if the folder cannot be created
     */
    public static FeatureCache open(Path root) {
        Path absolute = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute);
        } catch (IOException e) {
            throw new FeatureCacheException("cannot create the feature cache folder " + absolute + ": " + e
                    + " (choose another with --cache DIR)", e);
        }
        FeatureCache cache = new FeatureCache(absolute);
        cache.removeAbandonedPartials();
        return cache;
    }

    /** The cache folder. */
    public Path root() {
        return root;
    }

    /** Where the entry for {@code key} lives, complete or not. */
    public Path entryFolder(CacheKey key) {
        return root.resolve(key.folderName());
    }

    /**
     * The complete entry for {@code key}, if there is one: its folder exists, its {@code key.json} describes this key,
     * and its array is whole. An entry that fails the check (a hash collision, or damage) is removed so it is
     * recomputed.
     *
     * @return the feature file's path
     */
    public Optional<Path> lookup(CacheKey key) {
        Path folder = entryFolder(key);
        Path features = folder.resolve(FEATURES_FILE);
        if (!Files.isRegularFile(features)) {
            return Optional.empty();
        }
        try {
            JsonNode recorded = JSON.readTree(folder.resolve(KEY_FILE).toFile());
            if (!recorded.equals(JSON.valueToTree(key.describe()))) {
                removeDamaged(folder);
                return Optional.empty();
            }
            try (FeatureFile file = FeatureFile.open(features)) {
                if (file.rows() != key.samples()) {
                    removeDamaged(folder);
                    return Optional.empty();
                }
            }
            return Optional.of(features);
        } catch (IOException | FeatureCacheException e) {
            removeDamaged(folder);
            return Optional.empty();
        }
    }

    /**
     * Starts writing the entry for {@code key}: an array of {@code key.samples()} rows of shape {@code rowShape}, in a
     * temporary folder until {@link CacheEntryWriter#commit}.
     */
    public CacheEntryWriter create(CacheKey key, List<Long> rowShape) {
        long[] shape = new long[rowShape.size() + 1];
        shape[0] = key.samples();
        for (int i = 0; i < rowShape.size(); i++) {
            shape[i + 1] = rowShape.get(i);
        }
        String name = PARTIAL_PREFIX + key.folderName() + "~" + host() + "~" + ProcessHandle.current().pid() + "~"
                + UUID.randomUUID().toString().substring(0, 8);
        return new CacheEntryWriter(key, root.resolve(name), entryFolder(key), NpyHeader.of(key.dtype(), shape));
    }

    /** Removes temporary folders whose writer is gone; returns how many. */
    int removeAbandonedPartials() {
        List<Path> abandoned = new ArrayList<>();
        try (Stream<Path> children = Files.list(root)) {
            children.filter(p -> p.getFileName().toString().startsWith(PARTIAL_PREFIX)).filter(FeatureCache::abandoned)
                    .forEach(abandoned::add);
        } catch (IOException e) {
            return 0; // an unreadable cache folder fails clearly when an entry is written
        }
        for (Path p : abandoned) {
            deleteQuietly(p);
        }
        return abandoned.size();
    }

    private static boolean abandoned(Path partial) {
        String[] parts = partial.getFileName().toString().split("~");
        try {
            Instant modified = Files.getLastModifiedTime(partial).toInstant();
            if (modified.isBefore(Instant.now().minus(ABANDONED_AFTER))) {
                return true;
            }
            if (parts.length == 5 && parts[2].equals(host())) {
                long pid = Long.parseLong(parts[3]);
                return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
            }
        } catch (IOException | NumberFormatException e) {
            return false; // unknown writer, recent: leave it
        }
        return false;
    }

    private void removeDamaged(Path folder) {
        // Renamed out of the way first, so a concurrent reader never sees a half-deleted entry.
        Path aside = root.resolve(PARTIAL_PREFIX + folder.getFileName() + "~damaged~0~" + UUID.randomUUID());
        try {
            Files.move(folder, aside);
        } catch (IOException e) {
            return;
        }
        deleteQuietly(aside);
    }

    static void deleteQuietly(Path folder) {
        try {
            AtomicFiles.deleteTree(folder);
        } catch (IOException | UncheckedIOException e) {
            // best effort: a leftover temporary folder is ignored and retried on the next open
        }
    }

    /** This host's name, safe in a file name; temporary folders record it so only this host judges their PIDs. */
    static String host() {
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            name = "unknown-host";
        }
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
