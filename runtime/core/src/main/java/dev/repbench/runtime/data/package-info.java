/**
 * Datasets the runtime reads outside any end task: {@link dev.repbench.runtime.data.FashionMnist} serves
 * Fashion-MNIST's own train and test splits (Debian's {@code dataset-fashion-mnist}) as a
 * {@link dev.repbench.api.data.TaskDataset}, for {@code repbench features} and the benchmarks. The file formats are
 * read by the tasks module's readers.
 */
package dev.repbench.runtime.data;
