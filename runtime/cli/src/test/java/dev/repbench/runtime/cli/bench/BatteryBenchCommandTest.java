package dev.repbench.runtime.cli.bench;

import dev.repbench.api.EndTask;
import dev.repbench.runtime.cli.Main;
import dev.repbench.runtime.eval.TinyFashionTask;
import dev.repbench.runtime.eval.record.ResultStore;
import dev.repbench.runtime.features.TestEncoders;
import dev.repbench.runtime.plugin.TestJar;
import dev.repbench.torch.Torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bench battery} prints a CEILING column: measured with {@code --ceiling} (its grid's records kept under
 * {@code ceiling/} and only read on a rerun), a dash without. Two tiny encoders, one tiny task, one epoch.
 */
class BatteryBenchCommandTest {
    private static final Pattern ROW = Pattern.compile("^" + TinyFashionTask.NAME
            + " +top1 +(\\S+) +(-?\\d\\.\\d{3}) +(-?\\d\\.\\d{3}) +(\\S+) +\\S+ +\\S+ +(yes|NO) +(yes|NO|-) +(.+)$",
            Pattern.MULTILINE);

    @TempDir
    Path temp;

    @BeforeAll
    static void threads() {
        Torch.setNumThreads(2);
    }

    @Test
    void theCeilingColumnIsMeasuredWithCeilingAndReadBackOnARerun() throws IOException {
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        new TestJar().service(EndTask.class, TinyFashionTask.class.getName()).writeTo(plugins.resolve("tiny.jar"));
        TestEncoders.resnet18Small(temp.resolve("strong"), 3);
        TestEncoders.resnet18Small(temp.resolve("random"), 4);
        Path data = TinyFashionTask.writeData(Files.createDirectories(temp.resolve("data")), 120, 60);
        Path results = temp.resolve("results");
        List<String> args = List.of("--threads", "2", "--plugins", plugins.toString(), "bench", "battery",
                "--strong", temp.resolve("strong").toString(), "--random", temp.resolve("random").toString(),
                "--task", TinyFashionTask.NAME, "--epochs", "1", "--data-root", data.toString(),
                "--cache", temp.resolve("cache").toString(), "--out", results.toString());

        Run without = run(args.toArray(String[]::new));
        assertEquals(0, without.exitCode(), without.out());
        assertTrue(without.out().contains("CEILING"), without.out());
        Matcher plain = ROW.matcher(without.out());
        assertTrue(plain.find(), without.out());
        assertEquals("-", plain.group(4), "no ceiling without --ceiling: " + without.out());
        assertTrue(without.out().contains("CEILING not measured: --ceiling runs"), without.out());
        assertTrue(Files.notExists(results.resolve("ceiling")));

        String[] withCeiling = Stream.concat(args.stream(), Stream.of("--ceiling")).toArray(String[]::new);
        Run first = run(withCeiling);
        assertEquals(0, first.exitCode(), first.out());
        assertTrue(first.out().contains("ceiling: the strong encoder's best head, the test score, at the best validation"),
                first.out());
        Matcher row = ROW.matcher(first.out());
        assertTrue(row.find(), first.out());
        assertEquals(plain.group(3), row.group(3), "STRONG is the same record with or without the ceiling");
        double ceiling = Double.parseDouble(row.group(4));
        assertTrue(ceiling >= 0 && ceiling <= 1, row.group());
        // The selected run is the study's or one of the grid's: a linear head (the task admits no other) at 2 epochs.
        String selected = row.group(7).trim();
        assertTrue(selected.startsWith("study linear lr=3e-4 1ep") || selected.matches("linear lr=(3e-4|1e-3) 2ep"),
                selected);
        assertEquals(2, ResultStore.open(results.resolve("ceiling").resolve("linear")).list().size(),
                "one record per learning rate");

        Map<Path, String> records = records(results.resolve("ceiling"));
        Run rerun = run(withCeiling);
        assertEquals(0, rerun.exitCode(), rerun.out());
        Matcher again = ROW.matcher(rerun.out());
        assertTrue(again.find(), rerun.out());
        assertEquals(row.group(), again.group(), "a rerun reads the records: " + Arrays.toString(withCeiling));
        assertEquals(records, records(results.resolve("ceiling")), "the records were read, not written again");
    }

    /** The command's exit code and stdout: bench commands print their tables to System.out. */
    private record Run(int exitCode, String out) {
    }

    private static Run run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            code = Main.commandLine().execute(args);
        } finally {
            System.setOut(saved);
        }
        return new Run(code, captured.toString(StandardCharsets.UTF_8));
    }

    /** @return every record file under {@code folder} and its content (a recomputed record differs in its wall time) */
    private static Map<Path, String> records(Path folder) throws IOException {
        Map<Path, String> contents = new TreeMap<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                contents.put(file, Files.readString(file));
            }
        }
        return contents;
    }
}
