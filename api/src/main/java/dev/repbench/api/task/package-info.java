/**
 * How an end task describes itself: its {@linkplain dev.repbench.api.task.TaskCategory category}
 * in the study's two-by-two taxonomy, the {@linkplain dev.repbench.api.task.HeadKind head} trained
 * on the frozen encoder, the {@linkplain dev.repbench.api.task.Metric metric} and
 * {@linkplain dev.repbench.api.task.OutputSpec output} it is scored on, and what it is given
 * ({@link dev.repbench.api.task.TaskContext}) or throws ({@link dev.repbench.api.task.TaskDataException})
 * when it opens its data.
 */
package dev.repbench.api.task;
