package dev.repbench.runtime.cli;

import dev.repbench.runtime.version.VersionReport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code repbench version}: RepBench, SPI, Java, OS and native component versions. */
@Command(name = "version", mixinStandardHelpOptions = true,
        description = "Print the versions of RepBench, its SPI, Java, the OS and native components.")
final class VersionCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        VersionReport.lines(VersionCommand.class.getClassLoader()).forEach(out::println);
        out.flush();
        return 0;
    }
}
