package dev.repbench.runtime.study.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Jobs start RepBench as the submitting JVM was started, keeping only the options that matter to a job. */
class JobInvocationTest {
    @Test
    void heapPropertiesAndNativeAccessCarryOverDebugAgentsDoNot() {
        assertEquals(List.of("--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED", "-Xmx4g",
                        "-Drepbench.torch.library=/opt/shim.so"),
                JobInvocation.carriedOptions(List.of("--enable-native-access=ALL-UNNAMED", "-Xmx4g",
                        "-agentlib:jdwp=transport=dt_socket,server=y", "-XX:+HeapDumpOnOutOfMemoryError",
                        "-Drepbench.torch.library=/opt/shim.so")));
        assertEquals(JobInvocation.REQUIRED_OPTIONS, JobInvocation.carriedOptions(List.of()));
    }

    @Test
    void thisJvmIsDescribedByAbsolutePaths() {
        JobInvocation self = JobInvocation.ofThisJvm("dev.repbench.runtime.cli.Main");
        assertTrue(Files.isExecutable(self.java()), self.java().toString());
        assertTrue(self.classPath().stream().allMatch(Path::isAbsolute), self.classPath().toString());
        assertTrue(self.javaOptions().containsAll(JobInvocation.REQUIRED_OPTIONS), self.javaOptions().toString());
    }
}
