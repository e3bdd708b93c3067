package dev.repbench.runtime.cli.bench;

import dev.repbench.runtime.cli.RepbenchCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/** {@code repbench bench}: benchmarks that print ratios against baselines measured in the same run. */
@Command(name = "bench", description = "Benchmarks with baselines measured in the same run.",
        mixinStandardHelpOptions = true,
        subcommands = {TorchBenchCommand.class, FeaturesBenchCommand.class, CkaBenchCommand.class,
                ProtocolBenchCommand.class, PretrainBenchCommand.class, BatteryBenchCommand.class, HeadsBenchCommand.class})
public final class BenchCommand {

    /** @return the {@code repbench} command the bench subcommand {@code spec} runs under, with its execution options */
    static RepbenchCommand root(CommandSpec spec) {
        return (RepbenchCommand) spec.root().userObject();
    }
}
