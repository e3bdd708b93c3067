/**
 * The feature cache on disk: one {@code .npy} file (format 1.0, {@code <f4} or {@code <f2}, C order, readable by
 * {@code numpy.load}) per encoder output, in a folder named by the hash of its {@link
 * dev.repbench.runtime.features.cache.CacheKey} (encoder sha256 × dataset manifest × split × samples ×
 * preprocessing × output × dtype) with {@code key.json} describing the key in clear. Entries are written through
 * a memory map in a temporary folder and renamed into place, so a crash never leaves half an entry; reading maps
 * the file ({@link dev.repbench.runtime.features.cache.FeatureFile}).
 */
package dev.repbench.runtime.features.cache;
