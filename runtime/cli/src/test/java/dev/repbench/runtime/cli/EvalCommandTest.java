package dev.repbench.runtime.cli;

import dev.repbench.api.EndTask;
import dev.repbench.runtime.eval.record.ResultStore;
import dev.repbench.runtime.eval.TinyFashionTask;
import dev.repbench.runtime.features.TestEncoders;
import dev.repbench.runtime.plugin.TestJar;
import dev.repbench.torch.Torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.repbench.runtime.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code repbench eval} finds a plugin task, writes its record, prints the table, and skips it on a rerun. */
class EvalCommandTest {
    @TempDir
    Path temp;

    @BeforeAll
    static void threads() {
        Torch.setNumThreads(2);
    }

    @Test
    void evalWritesARecordThenSkipsIt() throws IOException {
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        // a jar holding only the service entry: the task class itself is on the test class path (parent first)
        new TestJar().service(EndTask.class, TinyFashionTask.class.getName()).writeTo(plugins.resolve("tiny.jar"));
        Path encoder = temp.resolve("encoder");
        TestEncoders.resnet18Small(encoder, 3);
        Path data = TinyFashionTask.writeData(Files.createDirectories(temp.resolve("data")), 120, 60);
        String[] args = {"--threads", "2", "--plugins", plugins.toString(), "eval", "--encoder", encoder.toString(),
                "--task", TinyFashionTask.NAME, "--seed", "1", "--epochs", "2", "--lr", "1e-3", "--batch", "32",
                "--data-root", data.toString(), "--cache", temp.resolve("cache").toString(),
                "--out", temp.resolve("results").toString()};

        CommandRun first = run(args);
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.out().contains("test@best-val") && first.out().contains(TinyFashionTask.NAME), first.out());
        assertTrue(first.out().contains("1 record(s) written, 0 skipped"), first.out());
        assertEquals(1, ResultStore.open(temp.resolve("results")).list().size());

        CommandRun second = run(args);
        assertEquals(0, second.exitCode(), second.err());
        assertTrue(second.out().contains("0 record(s) written, 1 skipped"), second.out());
        assertEquals(1, ResultStore.open(temp.resolve("results")).list().size());
    }

    @Test
    void anUnknownTaskIsAUsageError() throws IOException {
        Path encoder = temp.resolve("encoder");
        TestEncoders.resnet18Small(encoder, 3);
        CommandRun r = run("--plugins", Files.createDirectories(temp.resolve("plugins")).toString(), "eval", "--encoder",
                encoder.toString(), "--task", "no-such-task", "--out", temp.resolve("results").toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("--task: 'no-such-task' is neither a task nor a group (groups: battery,"), r.err());
    }
}
