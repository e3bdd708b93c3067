package dev.repbench.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.repbench.runtime.io.Sha256;
import dev.repbench.runtime.study.cell.CellLedger;
import dev.repbench.runtime.study.cell.StudyLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kill storm a user can believe: a real study (a random initialisation, a pretraining that checkpoints every step,
 * two battery tasks per encoder, three CKA matrices and the report) run by {@code repbench run SPEC} in child JVMs,
 * each SIGKILLed at a seeded random moment — 20 kills spread over every kind of cell and over start-up — and rerun
 * until done. After each kill: every file in the output folder is whole (JSON parses, checkpoints open as archives,
 * ONNX files parse, charts and pages end where they should), no cell is left running; after each child: no cell that
 * was done when it started ran again, and at most the cell in flight when it was killed was left unfinished. At the
 * end: each cell completed exactly once, the cells redone number at most the kills, and every output equals that of
 * one uninterrupted run of the same spec in the same folder, byte for byte, but for creation times and wall times.
 *
 * <p>Prints the seed, each kill's moment and where it landed, the cells redone and the times. Another seed:
 * {@code -Drepbench.storm.seed=N}. The uninterrupted run is its own child, with its own feature cache.
 */
class KillStormTest {
    private static final long SEED = Long.getLong("repbench.storm.seed", 18);
    private static final int KILLS = 20;
    /** Kills aimed at each kind of cell, and at a child's start-up (before it claims a cell), in plan order. */
    private static final Map<String, Integer> QUOTAS = quotas();
    private static final Pattern STARTED = Pattern.compile("^\\[\\d+/\\d+] (\\S+) …$");
    private static final Pattern COMPLETED = Pattern.compile("^\\[\\d+/\\d+] (\\S+) done in ");
    /** The field that measures a run rather than its result; creation times are ISO-8601 anywhere ({@link #TIMESTAMP}). */
    private static final Set<String> TIMES = Set.of("wallSeconds");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;
    /** Every child started, so that none outlives the test when it fails or runs out of time. */
    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void noChildLeftRunning() {
        children.forEach(Process::destroyForcibly);
    }

    private static Map<String, Integer> quotas() {
        Map<String, Integer> q = new LinkedHashMap<>();
        q.put("startup", 3);
        q.put("export", 1);
        q.put("pretrain", 5);
        q.put("eval", 6);
        q.put("cka", 3);
        q.put("report", 2);
        return q;
    }

    private static String spec(String name) {
        return """
                name: %s
                output: out
                cache: cache
                threads: 1
                seeds: [0]
                encoders:
                  random-init:
                    random-init: { arch: resnet18-small, seed: 0 }
                  supervised:
                    pretrain:
                      algorithm: supervised
                      dataset: fashion-mnist
                      variant: subsample:128
                      arch: resnet18-small
                      epochs: 1
                      seed: 0
                      checkpoint-every-steps: 1
                      set: { image-side: 16, batch-size: 16 }
                tasks: [fmnist-cls, fmnist-count]
                eval: { input-size: 16, epochs: 1 }
                cka: { encoders: [random-init, supervised], images: 64, size: 16, batch: 32, outputs: [block1, embedding] }
                report: true
                """.formatted(name);
    }

    /** One child: {@code repbench run SPEC}, as the launcher starts it, its stdout and stderr in {@code log}. */
    private Process launch(Path spec, Path log) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "run", spec.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        children.add(child);
        return child;
    }

    /** A planned kill: at a moment {@code fraction} of the way through a cell of {@code kind} (or of start-up). */
    private record Target(String kind, String cell, double fraction) {
    }

    /** Where a kill landed. */
    private record Landing(int number, String aimedAt, double delaySeconds, String kind, String cell) {
    }

    private static String kind(String cell) {
        return cell.contains("/") ? cell.substring(0, cell.indexOf('/')) : cell;
    }

    /**
     * Bounded: under 3 minutes on an idle 2-core machine, 4.5 on one shared with other jobs (load ~8), 7 at load ~14
     * (docs/run-spec.md); past 12 it is stuck (a child that never finishes), and its children are killed with it.
     */
    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void twentyKillsAcrossAStudyLoseNothingAndRedoAtMostTheCellInFlight() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("study"));
        Path spec = Files.writeString(folder.resolve("study.yaml"), spec("storm"));
        Path out = folder.resolve("out");
        StudyLayout layout = new StudyLayout(out);
        CellLedger ledger = new CellLedger(layout);
        Path logs = Files.createDirectories(temp.resolve("logs"));

        // One uninterrupted run: the outputs to match, each cell's duration and the start-up time to aim the kills.
        long t0 = System.nanoTime();
        Path referenceLog = logs.resolve("reference.log");
        Process reference = launch(spec, referenceLog);
        double startup = Double.NaN;
        while (reference.isAlive()) {
            if (Double.isNaN(startup) && hasAnyLease(out)) {
                startup = (System.nanoTime() - t0) / 1e9;
            }
            Thread.sleep(5);
        }
        double referenceSeconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(0, reference.exitValue(), Files.readString(referenceLog));
        List<String> cells = completions(Files.readAllLines(referenceLog));
        Map<String, Double> durations = new LinkedHashMap<>();
        for (String cell : cells) {
            durations.put(cell, ledger.done(cell).orElseThrow().seconds());
        }
        int totalSteps = JSON.readTree(out.resolve("encoders/supervised/checkpoints/latest.json").toFile()).get("step").asInt();
        Path referenceOut = temp.resolve("reference-out");
        Files.move(out, referenceOut);
        deleteTree(folder.resolve("cache"));

        // The storm, in the same folder, with a cache of its own.
        Random random = new Random(SEED);
        List<Target> targets = targets(random, cells);
        System.out.printf(Locale.ROOT, "kill storm: seed %d, %d kills, %d cells; the uninterrupted run took %.1f s"
                + " (start-up %.1f s): %s%n", SEED, targets.size(), cells.size(), referenceSeconds, startup, durations);
        long t1 = System.nanoTime();
        List<Landing> landings = new ArrayList<>();
        Map<String, Integer> starts = new TreeMap<>();
        Map<String, Integer> completed = new TreeMap<>();
        int childCount = 0;
        Iterator<Target> plan = targets.iterator();
        Target target = plan.hasNext() ? plan.next() : null;
        boolean finished = false;
        while (!finished) {
            if (childCount > KILLS + 3) {
                fail("the study does not finish after " + childCount + " children; logs in " + logs);
            }
            Map<String, byte[]> doneBefore = doneFiles(layout, cells);
            int stepBefore = checkpointStep(out);
            Path log = logs.resolve("child-" + (++childCount) + ".log");
            Process child = launch(spec, log);
            long pid = child.pid();
            long launched = System.nanoTime();
            String aimedAt = null;
            double delay = 0;
            if (target != null) {
                // aim: a pending cell of the target's kind (the planned one, or the first still pending after it)
                String cell = target.cell() == null ? null : firstPending(cells, doneBefore.keySet(), target.cell());
                if (target.cell() != null && cell == null) {
                    cell = firstPending(cells, doneBefore.keySet(), cells.getFirst());
                }
                if (target.cell() == null || cell != null) {
                    double base;
                    if (cell == null) {
                        base = startup;
                    } else if (kind(cell).equals("pretrain")) {
                        base = durations.get(cell) * (totalSteps - stepBefore) / totalSteps;  // it resumes
                    } else {
                        base = durations.get(cell);
                    }
                    delay = target.fraction() * base;
                    aimedAt = (cell == null ? "start-up" : cell) + String.format(Locale.ROOT, " at %.0f %%",
                            100 * target.fraction());
                    // wait until the child claims the cell (start-up: is launched), then the delay
                    while (cell != null && child.isAlive() && leaseHolder(layout, cell) != pid) {
                        Thread.sleep(2);
                    }
                    long from = System.nanoTime();
                    while (child.isAlive() && System.nanoTime() - from < delay * 1e9) {
                        Thread.sleep(1);
                    }
                }
            }
            boolean killed = false;
            if (aimedAt != null && child.isAlive()) {
                child.destroyForcibly();   // SIGKILL
                killed = true;
            }
            assertTrue(child.waitFor(10, TimeUnit.MINUTES), "a child hung: " + log);
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> started = matching(lines, STARTED);
            List<String> done = completions(lines);
            started.forEach(c -> starts.merge(c, 1, Integer::sum));
            done.forEach(c -> completed.merge(c, 1, Integer::sum));

            // what a kill leaves on disk: whole files, no cell left running, done cells untouched
            assertEveryFileWhole(out);
            for (String cell : cells) {
                assertTrue(ledger.status(cell).state() != CellLedger.State.RUNNING, cell + " still running after " + log);
            }
            Map<String, byte[]> doneAfter = doneFiles(layout, cells);
            for (var e : doneBefore.entrySet()) {
                assertTrue(doneAfter.containsKey(e.getKey()) && Arrays.equals(e.getValue(), doneAfter.get(e.getKey())),
                        e.getKey() + " was done before " + log + " and its done.json changed");
                assertTrue(!started.contains(e.getKey()), e.getKey() + " was done and ran again in " + log);
            }
            List<String> unfinished = started.stream().filter(c -> !done.contains(c)).toList();
            assertTrue(unfinished.size() <= (killed ? 1 : 0), "unfinished in " + log + ": " + unfinished);
            // a kill between a cell's done.json and its line in the log (an aim past 100 %): done once, on disk
            unfinished.stream().filter(c -> ledger.status(c).state() == CellLedger.State.DONE)
                    .forEach(c -> completed.merge(c, 1, Integer::sum));

            if (killed) {
                String inFlight = unfinished.isEmpty() ? null : unfinished.getFirst();
                String landed = inFlight != null ? kind(inFlight) : started.isEmpty() ? "start-up" : "between cells";
                if (inFlight != null && kind(inFlight).equals("pretrain")) {
                    landed += String.format(Locale.ROOT, " (steps %d→%d of %d)", stepBefore, checkpointStep(out), totalSteps);
                }
                landings.add(new Landing(landings.size() + 1, aimedAt, delay, landed, inFlight));
                System.out.printf(Locale.ROOT, "kill %2d: aimed at %s (+%.2f s after its start) → landed in %s%s; the"
                        + " child completed %s%n", landings.size(), aimedAt, delay, landed,
                        inFlight == null ? "" : " " + inFlight, done);
                target = plan.hasNext() ? plan.next() : null;
            } else {
                assertEquals(0, child.exitValue(), "a run after the storm failed: " + Files.readString(log));
                finished = true;
            }
        }
        double stormSeconds = (System.nanoTime() - t1) / 1e9;

        // each cell completed once; the cells redone are at most one per kill
        for (String cell : cells) {
            assertEquals(1, completed.getOrDefault(cell, 0), cell + " completions: " + completed);
        }
        int startsTotal = starts.values().stream().mapToInt(Integer::intValue).sum();
        int redone = startsTotal - cells.size();
        assertTrue(redone <= landings.size(), "redone " + redone + " > kills " + landings.size() + ": " + starts);
        Map<String, Long> byKind = new TreeMap<>();
        landings.forEach(l -> byKind.merge(l.kind().replaceAll(" \\(.*", ""), 1L, Long::sum));
        System.out.printf(Locale.ROOT, "kill storm: %d kills (%s), %d children, %d cell starts for %d cells: %d cell(s)"
                        + " redone (%s); storm %.1f s, uninterrupted run %.1f s, test %.1f s%n", landings.size(), byKind,
                childCount, startsTotal, cells.size(), redone, starts, stormSeconds, referenceSeconds,
                (System.nanoTime() - t0) / 1e9);
        assertEquals(KILLS, landings.size(), "every planned kill landed before the study ended");
        for (String kind : List.of("pretrain", "eval", "cka", "report")) {
            assertTrue(byKind.getOrDefault(kind, 0L) > 0, "no kill landed in a " + kind + " cell: " + byKind);
        }

        // what interrupted writes left: nothing in the folders a cell owns (a rerun of the cell clears them); in the
        // records folder, shared by every evaluation, a record's few-kB temporary file may stay
        List<Path> leftovers;
        try (Stream<Path> files = Files.walk(out)) {
            leftovers = files.filter(Files::isRegularFile).filter(p -> hidden(out.relativize(p))).toList();
        }
        System.out.printf(Locale.ROOT, "kill storm: %d half-written file(s) left after the storm: %s%n", leftovers.size(),
                leftovers.stream().map(out::relativize).toList());
        assertTrue(leftovers.stream().allMatch(p -> out.relativize(p).startsWith("records")),
                "half-written files left for good: " + leftovers);

        Map<String, String> expected = outputs(referenceOut);
        Map<String, String> actual = outputs(out);
        List<String> differing = new ArrayList<>();
        for (String path : new java.util.TreeSet<>(java.util.Set.copyOf(concat(expected.keySet(), actual.keySet())))) {
            if (!java.util.Objects.equals(expected.get(path), actual.get(path))) {
                differing.add(path + (expected.containsKey(path) ? actual.containsKey(path) ? ": " + firstDifference(
                        expected.get(path), actual.get(path)) : " (only in the uninterrupted run)" : " (only after the storm)"));
            }
        }
        assertTrue(differing.isEmpty(), "outputs differ from the uninterrupted run's:\n  " + String.join("\n  ", differing));
        System.out.printf(Locale.ROOT, "kill storm: all %d outputs equal the uninterrupted run's%n", expected.size());
    }

    /** The planned kills: each kind's quota on seeded random cells of that kind, in plan order; start-ups between. */
    private static List<Target> targets(Random random, List<String> cells) {
        List<Target> targets = new ArrayList<>();
        for (var quota : QUOTAS.entrySet()) {
            if (quota.getKey().equals("startup")) {
                continue;
            }
            List<String> ofKind = cells.stream().filter(c -> kind(c).equals(quota.getKey())).toList();
            assertTrue(!ofKind.isEmpty(), "the study has no " + quota.getKey() + " cell");
            List<Target> kind = new ArrayList<>();
            for (int i = 0; i < quota.getValue(); i++) {
                // mostly inside the cell; up to 10 % past its end, in its bookkeeping or the next cell's start
                kind.add(new Target(quota.getKey(), ofKind.get(random.nextInt(ofKind.size())), random.nextDouble() * 1.1));
            }
            kind.sort((a, b) -> Integer.compare(cells.indexOf(a.cell()), cells.indexOf(b.cell())));
            targets.addAll(kind);
        }
        for (int i = 0; i < QUOTAS.get("startup"); i++) {
            targets.add(random.nextInt(targets.size() + 1), new Target("startup", null, random.nextDouble()));
        }
        return targets;
    }

    private static String firstPending(List<String> cells, Set<String> done, String from) {
        for (String cell : cells.subList(cells.indexOf(from), cells.size())) {
            if (!done.contains(cell)) {
                return cell;
            }
        }
        return null;
    }

    private static List<String> matching(List<String> lines, Pattern pattern) {
        List<String> cells = new ArrayList<>();
        for (String line : lines) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                cells.add(m.group(1));
            }
        }
        return cells;
    }

    private static List<String> completions(List<String> lines) {
        return matching(lines, COMPLETED);
    }

    private static boolean hasAnyLease(Path out) throws IOException {
        Path cells = out.resolve("cells");
        if (!Files.isDirectory(cells)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(cells)) {
            return files.anyMatch(f -> f.getFileName().toString().equals("lease"));
        } catch (UncheckedIOException e) {
            return false;  // a folder appearing while walked
        }
    }

    /** The pid in a cell's lease file, or -1. */
    private static long leaseHolder(StudyLayout layout, String cell) {
        Path lease = layout.root().resolve("cells").resolve(cell).resolve("lease");
        try {
            byte[] bytes = Files.readAllBytes(lease);
            return bytes.length == 0 ? -1 : JSON.readTree(bytes).path("pid").asLong(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    private static Map<String, byte[]> doneFiles(StudyLayout layout, List<String> cells) throws IOException {
        Map<String, byte[]> done = new TreeMap<>();
        for (String cell : cells) {
            Path file = layout.root().resolve("cells").resolve(cell).resolve("done.json");
            if (Files.isRegularFile(file)) {
                done.put(cell, Files.readAllBytes(file));
            }
        }
        return done;
    }

    private static int checkpointStep(Path out) throws IOException {
        Path latest = out.resolve("encoders/supervised/checkpoints/latest.json");
        return Files.isRegularFile(latest) ? JSON.readTree(latest.toFile()).get("step").asInt() : 0;
    }

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] PNG_END = {'I', 'E', 'N', 'D', (byte) 0xae, 0x42, 0x60, (byte) 0x82};

    /**
     * Every file in the output folder is whole for its kind; an atomic write's temporary file ({@code .NAME.….partial},
     * left by a write the kill interrupted, never read) is the one exception, and a lease is empty or parses.
     */
    private static void assertEveryFileWhole(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> files = Files.walk(root)) {
            all = files.filter(Files::isRegularFile).toList();
        }
        for (Path file : all) {
            String name = file.getFileName().toString();
            try {
                if (hidden(root.relativize(file))) {   // temporary: never read
                    continue;
                } else if (name.equals("lease")) {
                    byte[] bytes = Files.readAllBytes(file);
                    if (bytes.length > 0) {
                        JSON.readTree(bytes);
                    }
                } else if (name.endsWith(".json")) {
                    JSON.readTree(file.toFile());
                    if (name.equals("latest.json")) {
                        Path checkpoint = file.getParent().getParent().resolve(JSON.readTree(file.toFile()).get("file").asText());
                        assertTrue(Files.isRegularFile(checkpoint), file + " names " + checkpoint + ", which is missing");
                    }
                } else if (name.endsWith(".pt")) {
                    try (ZipFile zip = new ZipFile(file.toFile())) {
                        assertTrue(zip.size() > 0, file + " is an empty archive");
                    }
                } else if (name.endsWith(".onnx")) {
                    ai.onnx.proto.OnnxMl.ModelProto model = ai.onnx.proto.OnnxMl.ModelProto.parseFrom(Files.readAllBytes(file));
                    assertTrue(model.getGraph().getNodeCount() > 0, file + " has no graph");
                } else if (name.endsWith(".png")) {
                    byte[] bytes = Files.readAllBytes(file);
                    assertTrue(bytes.length > 16 && Arrays.equals(PNG_SIGNATURE, Arrays.copyOf(bytes, 8))
                            && Arrays.equals(PNG_END, Arrays.copyOfRange(bytes, bytes.length - 8, bytes.length)), file + " is cut");
                } else if (name.endsWith(".svg")) {
                    assertTrue(Files.readString(file).strip().endsWith("</svg>"), file + " is cut");
                } else if (name.endsWith(".html")) {
                    assertTrue(Files.readString(file).strip().endsWith("</html>"), file + " is cut");
                } else if (name.endsWith(".csv")) {
                    List<String> lines = Files.readAllLines(file);
                    assertTrue(!lines.isEmpty() && Files.readString(file).endsWith("\n"), file + " is cut");
                } else {
                    fail(file + ": the storm does not know how to check this kind of file");
                }
            } catch (IOException e) {
                fail(file + " is not whole: " + e);
            }
        }
    }

    /**
     * The study's outputs by relative path: text (JSON, HTML, CSV, SVG) with its times (wall seconds, ISO-8601 creation
     * times) masked, everything else as bytes (sha256). The cells' state
     * (done.json records times and pids), the manifest (the latest run's) and temporary files are left out.
     */
    private static Map<String, String> outputs(Path root) throws IOException {
        Map<String, String> contents = new TreeMap<>();
        List<Path> all;
        try (Stream<Path> files = Files.walk(root)) {
            all = files.filter(Files::isRegularFile).toList();
        }
        for (Path file : all) {
            String relative = root.relativize(file).toString();
            String name = file.getFileName().toString();
            if (relative.startsWith("cells/") || hidden(root.relativize(file)) || name.equals("manifest.json")) {
                continue;
            }
            if (name.endsWith(".json")) {
                JsonNode tree = JSON.readTree(file.toFile());
                removeTimes(tree);
                contents.put(relative, TIMESTAMP.matcher(tree.toPrettyString()).replaceAll("<time>"));
            } else if (name.endsWith(".html") || name.endsWith(".csv") || name.endsWith(".svg")) {
                contents.put(relative, TIMESTAMP.matcher(Files.readString(file)).replaceAll("<time>"));
            } else {
                contents.put(relative, "sha256 " + Sha256.of(Files.readAllBytes(file)));
            }
        }
        assertTrue(contents.keySet().stream().anyMatch(k -> k.startsWith("records/")), contents.keySet().toString());
        return contents;
    }

    private static List<String> concat(Set<String> a, Set<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** The first line that differs, both versions. */
    private static String firstDifference(String expected, String actual) {
        List<String> e = expected.lines().toList();
        List<String> a = actual.lines().toList();
        for (int i = 0; i < Math.max(e.size(), a.size()); i++) {
            String x = i < e.size() ? e.get(i) : "(end)";
            String y = i < a.size() ? a.get(i) : "(end)";
            if (!x.equals(y)) {
                return "line " + (i + 1) + ": " + x.strip() + " → " + y.strip();
            }
        }
        return "?";
    }

    /** Whether a path is or lies in a hidden (temporary) file or folder: {@code .NAME.….partial}, {@code .report.building-…}. */
    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static void removeTimes(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(TIMES);
        }
        node.forEach(KillStormTest::removeTimes);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
