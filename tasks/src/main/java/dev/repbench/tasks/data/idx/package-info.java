/**
 * Readers for the IDX format of MNIST-style datasets: {@link dev.repbench.tasks.data.idx.IdxFile} reads one
 * file (plain or gzipped) into a byte array, {@link dev.repbench.tasks.data.idx.FashionMnist} finds, reads,
 * validates and caches the four Fashion-MNIST files that the embedded task battery is built from.
 *
 * <p>Every failure is a {@link dev.repbench.api.task.TaskDataException} that names the file and says what was
 * expected there, so a user can fix a broken or missing dataset without reading this code.
 */
package dev.repbench.tasks.data.idx;
