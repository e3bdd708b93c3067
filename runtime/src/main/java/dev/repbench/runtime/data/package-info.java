/**
 * Dataset readers the runtime needs before the tasks module owns them: {@link dev.repbench.runtime.data.IdxFile}
 * reads the IDX format (MNIST's, gzipped or not) and {@link dev.repbench.runtime.data.FashionMnist} serves
 * Debian's {@code dataset-fashion-mnist} files as a {@link dev.repbench.api.data.TaskDataset}. Both depend on the
 * api only, so they can move to {@code tasks/} unchanged.
 */
package dev.repbench.runtime.data;
