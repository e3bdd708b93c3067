/**
 * Data outside any one evaluation: {@link dev.repbench.runtime.data.FashionMnistSplits} serves Fashion-MNIST's own
 * train and test splits (Debian's {@code dataset-fashion-mnist}) as a {@link dev.repbench.api.data.TaskDataset}, for
 * {@code repbench features}, CKA and the benchmarks; {@link dev.repbench.runtime.data.TaskReadiness} tells which
 * tasks' data are in place under a data root. The file formats are read by the tasks module's readers.
 */
package dev.repbench.runtime.data;
