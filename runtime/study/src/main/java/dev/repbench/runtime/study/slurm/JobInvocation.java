package dev.repbench.runtime.study.slurm;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How a job (a Slurm task, or a worker of {@code run --parallel}) starts RepBench: the Java, Java options and class
 * path of the process that started it, so a job runs exactly that RepBench — the launcher's jar, or a test's class
 * path.
 *
 * @param java        the {@code java} executable
 * @param javaOptions options before the class path, e.g. {@code --enable-native-access=ALL-UNNAMED}, {@code -Xmx8g}
 * @param classPath   absolute class path entries
 * @param mainClass   RepBench's entry point
 */
public record JobInvocation(Path java, List<String> javaOptions, List<Path> classPath, String mainClass) {
    /** What RepBench's native layers need, whatever the submitting JVM was given. */
    static final List<String> REQUIRED_OPTIONS = List.of("--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow");
    /** The submitting JVM's options that carry over: heap and stack sizes, system properties, module access. */
    private static final List<String> CARRIED_PREFIXES = List.of("-Xmx", "-Xms", "-Xss", "-D", "--enable-native-access=",
            "--sun-misc-unsafe-memory-access=", "--add-opens=", "--add-exports=");

    public JobInvocation {
        javaOptions = List.copyOf(javaOptions);
        classPath = List.copyOf(classPath);
    }

    /**
     * @param mainClass RepBench's entry point
     * @return this JVM's java, carried options and class path
     */
    public static JobInvocation ofThisJvm(String mainClass) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> options = carriedOptions(ManagementFactory.getRuntimeMXBean().getInputArguments());
        List<Path> classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isBlank()).map(entry -> Path.of(entry).toAbsolutePath().normalize()).toList();
        return new JobInvocation(java, options, classPath, mainClass);
    }

    /**
     * @param arguments RepBench's arguments, e.g. {@code run SPEC --cell ID}
     * @return the whole command line that runs them in a new process
     */
    public List<String> command(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(javaOptions);
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classPath.stream().map(Path::toString).toList()));
        command.add(mainClass);
        command.addAll(arguments);
        return command;
    }

    /** The options a job keeps: the required ones, then those of {@code arguments} that carry over (debug agents do not). */
    static List<String> carriedOptions(List<String> arguments) {
        List<String> options = new ArrayList<>();
        for (String required : REQUIRED_OPTIONS) {
            String key = required.substring(0, required.indexOf('=') + 1);
            if (arguments.stream().noneMatch(a -> a.startsWith(key))) {
                options.add(required);
            }
        }
        arguments.stream().filter(a -> CARRIED_PREFIXES.stream().anyMatch(a::startsWith)).forEach(options::add);
        return options;
    }
}
