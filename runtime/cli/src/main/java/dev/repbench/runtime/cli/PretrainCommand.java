package dev.repbench.runtime.cli;

import dev.repbench.runtime.cli.options.OutputFolder;
import dev.repbench.runtime.io.AtomicFiles;
import dev.repbench.runtime.cli.options.Usage;
import dev.repbench.api.task.TaskDataException;
import dev.repbench.runtime.data.FashionMnistSplits;
import dev.repbench.runtime.cli.options.DataRootOption;
import dev.repbench.runtime.cli.options.PrecisionOption;
import dev.repbench.runtime.cli.options.ProgressOption;
import dev.repbench.runtime.plugin.PluginProblem;
import dev.repbench.runtime.plugin.PluginRegistry;
import dev.repbench.runtime.pretrain.PretrainException;
import dev.repbench.runtime.pretrain.PretrainJob;
import dev.repbench.runtime.pretrain.PretrainRunner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code repbench pretrain}: trains an encoder with a registered algorithm and exports it, through
 * {@link PretrainRunner}. The output folder becomes an encoder folder; a rerun of a finished job does nothing, and an
 * interrupted one continues with {@code --resume}.
 */
@Command(name = "pretrain", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Pretrain an encoder with a registered algorithm and export it (encoder.onnx + encoder.json).",
                "OUT gets pretrain.json (job, config, versions), dataset.json (the images used), checkpoints/ and encoder.pt."})
final class PretrainCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--algorithm", required = true, paramLabel = "NAME",
            description = "A registered algorithm (see 'repbench list algorithms').")
    private String algorithm;

    @Option(names = "--dataset", defaultValue = FashionMnistSplits.NAME, paramLabel = "NAME|DIR",
            description = "fashion-mnist (train split, labelled), fashion-mnist-scenes (its training garments drawn"
                    + " as the battery draws them, 64x64, labelled), task:NAME (a task's training images), a folder of"
                    + " PNG/JPEG files (one sub-folder per class, or flat and unlabelled), or combination:A+B"
                    + " (default: ${DEFAULT-VALUE}).")
    private String dataset;

    @Option(names = "--variant", defaultValue = "full", paramLabel = "VARIANT",
            description = "full, half, quarter (uniform per class), linear[:MAX], log[:MAX] (unbalanced classes) or subsample:N (default: ${DEFAULT-VALUE}).")
    private String variant;

    @Option(names = "--arch", defaultValue = "resnet18-small", paramLabel = "resnet18|resnet50|resnet18-small",
            description = "The architecture (default: ${DEFAULT-VALUE}).")
    private String architecture;

    @Option(names = "--epochs", required = true, paramLabel = "N", description = "Passes over the training images.")
    private int epochs;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N",
            description = "Seed of the image choice, initialisation and augmentation (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Replace a config default, e.g. --set batch-size=64; repeatable (defaults: 'repbench list algorithms --verbose').")
    private Map<String, String> overrides = new LinkedHashMap<>();

    @Mixin
    private DataRootOption dataRoot;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The run's folder.")
    private Path out;

    @Option(names = "--checkpoint-every-epochs", defaultValue = "1", paramLabel = "N",
            description = "Epochs between checkpoints, 0 for only at the end (default: ${DEFAULT-VALUE}).")
    private int checkpointEveryEpochs;

    @Option(names = "--checkpoint-every-steps", defaultValue = "0", paramLabel = "N",
            description = "Also checkpoint every N optimiser steps, 0 for none (default: ${DEFAULT-VALUE}).")
    private long checkpointEverySteps;

    @Option(names = "--resume", description = "Continue an interrupted run from the latest checkpoint in --out.")
    private boolean resume;

    @Mixin
    private PrecisionOption precision;

    @Mixin
    private ProgressOption progress;

    @Override
    public Integer call() {
        if (epochs < 1) {
            throw Usage.error(spec, "--epochs is 1 or more, got " + epochs);
        }
        if (checkpointEveryEpochs < 0 || checkpointEverySteps < 0) {
            throw Usage.error(spec, "--checkpoint-every-epochs and --checkpoint-every-steps are 0 (off) or more");
        }
        ProgressDisplay.Mode mode = progress.mode(spec);
        if (!resume && !PretrainRunner.isDone(out) && PretrainRunner.hasCheckpoint(out)) {
            throw Usage.error(spec, out + " holds checkpoints of an unfinished run; add --resume to continue it, or use another --out");
        }
        RepbenchCommand root = (RepbenchCommand) spec.root().userObject();
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PretrainJob job = new PretrainJob(algorithm, dataset, variant, architecture, epochs, seed, Map.copyOf(overrides),
                root.execution().trainingDevice(), root.execution().threads(), dataRoot.path(), out, checkpointEveryEpochs,
                checkpointEverySteps, precision.precision());
        OutputFolder.requireWritable(out, "--out"); // before the manifest is built and training starts
        Path created = AtomicFiles.topmostMissing(out);
        try (PluginRegistry registry = root.loadPlugins();
             ProgressDisplay display = ProgressDisplay.create(mode, err, "pretrain " + algorithm)) {
            for (PluginProblem problem : registry.problems()) {
                err.println("warning: " + problem.message());
            }
            err.flush();
            PretrainRunner.run(job, registry, display, line -> {
                stdout.println(line);
                stdout.flush();
            });
        } catch (PretrainException | TaskDataException e) {
            AtomicFiles.removeCreatedFolders(out, created); // a run that wrote nothing (a full disk) leaves no folder
            throw new CliFailure(e.getMessage(), e);
        }
        return 0;
    }

}
