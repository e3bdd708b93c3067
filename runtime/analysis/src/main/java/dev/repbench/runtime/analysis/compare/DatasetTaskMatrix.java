package dev.repbench.runtime.analysis.compare;

import java.util.ArrayList;
import java.util.List;

/**
 * Pretraining dataset against end task (the study's Fig. 7): per (dataset, task), the mean score of the encoders
 * pretrained on that dataset, and the mean of their per-task z-scores ({@code (score − task mean) / σ_task} over
 * every encoder with a dataset), which makes tasks with different metrics comparable in one heatmap.
 *
 * @param datasets  rows, by name
 * @param tasks     columns, in table order
 * @param meanScore mean raw score per (dataset, task)
 * @param meanZ     mean z-score per (dataset, task)
 * @param encoders  encoders averaged per dataset
 */
public record DatasetTaskMatrix(List<String> datasets, List<String> tasks, double[][] meanScore, double[][] meanZ,
                                int[] encoders) {
    private static final String WHAT = "the dataset-vs-task comparison";

    /**
     * @throws IllegalArgumentException with fewer than 2 datasets, missing scores, or a task whose scores are all
     *                                  equal (each named)
     */
    public static DatasetTaskMatrix of(ResultTable table) {
        List<EncoderInfo> withDataset = table.encoders().stream().filter(e -> e.dataset() != null).toList();
        List<String> datasets = withDataset.stream().map(EncoderInfo::dataset).distinct().sorted().toList();
        if (datasets.size() < 2) {
            throw new IllegalArgumentException(WHAT + " needs encoders pretrained on at least 2 datasets; recorded "
                    + "datasets: " + datasets + " (encoders without one: " + Checks.labels(table.encoders().stream()
                    .filter(e -> e.dataset() == null).toList()) + ")");
        }
        Checks.requireComplete(table.scores(withDataset, table.tasks()), WHAT);
        List<String> tasks = table.tasks();
        double[][] mean = new double[datasets.size()][tasks.size()];
        double[][] z = new double[datasets.size()][tasks.size()];
        int[] counts = new int[datasets.size()];
        List<String> flat = new ArrayList<>();
        for (int j = 0; j < tasks.size(); j++) {
            String task = tasks.get(j);
            double[] column = withDataset.stream().mapToDouble(e -> table.mean(e, task)).toArray();
            double mu = Checks.mean(column);
            double sigma = Checks.sampleStd(column);
            if (!(sigma > 0)) {
                flat.add(task);
                continue;
            }
            for (int d = 0; d < datasets.size(); d++) {
                String dataset = datasets.get(d);
                List<EncoderInfo> members = withDataset.stream().filter(e -> dataset.equals(e.dataset())).toList();
                counts[d] = members.size();
                mean[d][j] = members.stream().mapToDouble(e -> table.mean(e, task)).average().orElseThrow();
                z[d][j] = members.stream().mapToDouble(e -> (table.mean(e, task) - mu) / sigma).average().orElseThrow();
            }
        }
        if (!flat.isEmpty()) {
            throw new IllegalArgumentException(WHAT + " standardises each task across encoders, and every encoder "
                    + "scores the same on " + flat);
        }
        return new DatasetTaskMatrix(datasets, tasks, mean, z, counts);
    }
}
