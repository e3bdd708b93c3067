/**
 * Host-side data loading for pretraining: {@link dev.repbench.plugins.kit.data.BatchLoader} reads a
 * {@link dev.repbench.api.data.SampleSource} in a seeded per-epoch order, brings every image to one square RGB
 * size on worker threads ({@link dev.repbench.plugins.kit.data.SquareImages}) and hands the training thread
 * ready {@link dev.repbench.plugins.kit.data.HostBatch}es, identical whatever the number of workers.
 */
package dev.repbench.plugins.kit.data;
