/**
 * Datasets as folders of files: {@link dev.repbench.tasks.data.files.DatasetFolder} finds a dataset under the
 * data root and turns every missing or malformed part into an error naming the path and the layout expected;
 * {@link dev.repbench.tasks.data.files.ListedSamples} is a split listed when a task opens and read lazily.
 */
package dev.repbench.tasks.data.files;
