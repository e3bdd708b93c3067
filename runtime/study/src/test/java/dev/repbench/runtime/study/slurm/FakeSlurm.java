package dev.repbench.runtime.study.slurm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Stand-ins for Slurm's commands in a folder to put on a {@link SlurmClient}'s search path. Each logs its arguments,
 * one call per line, to {@code calls.log}: {@code sbatch} answers job ids 100, 101, … (or refuses where told),
 * {@code sinfo} lists the partitions {@code main} (default) and {@code gpu}, {@code scontrol show config} gives a
 * chosen {@code MaxArraySize}, {@code squeue} prints {@code squeue.out} (or fails where told), {@code sacct} prints
 * {@code sacct.out}, {@code scancel} only logs. Like the real ones, squeue and sacct print whatever they hold for
 * the jobs asked about; the test decides what that is.
 */
public final class FakeSlurm {
    private final Path bin;

    private FakeSlurm(Path bin) {
        this.bin = bin;
    }

    /** Writes the commands into {@code folder}. */
    public static FakeSlurm in(Path folder) throws IOException {
        Path bin = Files.createDirectories(folder);
        FakeSlurm fake = new FakeSlurm(bin);
        fake.command("sbatch", """
                if [ "$1" = --test-only ]; then
                  if [ -f "$DIR/refuse-test" ] && grep -q "$(basename "$2")" "$DIR/refuse-test"; then
                    echo "sbatch: error: Batch job submission failed: Invalid account or account/partition combination specified" >&2
                    exit 1
                  fi
                  echo "sbatch: Job 99 to start at 2026-01-01T00:00:00 using 1 processors on nodes n1 in partition main" >&2
                  exit 0
                fi
                n=$(cat "$DIR/next-id" 2>/dev/null || echo 100)
                if [ -f "$DIR/fail-at" ] && [ "$(cat "$DIR/fail-at")" = "$n" ]; then
                  echo "sbatch: error: Batch job submission failed: Socket timed out on send/recv operation" >&2
                  exit 1
                fi
                echo $((n + 1)) > "$DIR/next-id"
                echo "$n"
                """);
        fake.command("sinfo", "printf 'main*\\ngpu\\nmain*\\n'\n");
        fake.command("scontrol", """
                if [ "$1 $2" = "show config" ]; then
                  echo "MaxArraySize            = $(cat "$DIR/max-array-size" 2>/dev/null || echo 1001)"
                fi
                """);
        fake.command("squeue", """
                if [ -f "$DIR/squeue.err" ]; then
                  cat "$DIR/squeue.err" >&2
                  exit 1
                fi
                [ -f "$DIR/squeue.out" ] && cat "$DIR/squeue.out"
                exit 0
                """);
        fake.command("sacct", "[ -f \"$DIR/sacct.out\" ] && cat \"$DIR/sacct.out\"\nexit 0\n");
        fake.command("scancel", "exit 0\n");
        return fake;
    }

    private void command(String name, String body) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/bash\nDIR='" + bin + "'\necho \"" + name + " $*\" >> \"$DIR/calls.log\"\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** @return the folder holding the commands, to put on a PATH */
    public Path bin() {
        return bin;
    }

    /** @return a client that finds these commands (and nothing else) */
    SlurmClient client() {
        return new SlurmClient(bin.toString());
    }

    /** @return every call so far, e.g. {@code sbatch --parsable /…/encoders.sbatch} */
    public List<String> calls() throws IOException {
        Path log = bin.resolve("calls.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    /** @return the calls of one command */
    List<String> calls(String command) throws IOException {
        return calls().stream().filter(c -> c.startsWith(command + " ")).toList();
    }

    /** Makes {@code sbatch --test-only} refuse scripts whose name contains {@code name}. */
    void refuseTestOf(String name) throws IOException {
        Files.writeString(bin.resolve("refuse-test"), name + "\n");
    }

    /** Makes sbatch fail when it would hand out job id {@code id}. */
    void failAtJob(int id) throws IOException {
        Files.writeString(bin.resolve("fail-at"), Integer.toString(id));
    }

    /** What squeue prints ({@code ID|STATE|REASON} lines). */
    void queue(String... lines) throws IOException {
        Files.writeString(bin.resolve("squeue.out"), lines.length == 0 ? "" : String.join("\n", lines) + "\n");
    }

    /** Makes squeue fail with {@code message} on its error output, as when no controller answers. */
    void failQueue(String message) throws IOException {
        Files.writeString(bin.resolve("squeue.err"), message + "\n");
    }

    /** What sacct prints ({@code ID|STATE} lines); without it, sacct prints nothing, as where there is no accounting. */
    void accounting(String... lines) throws IOException {
        Files.writeString(bin.resolve("sacct.out"), lines.length == 0 ? "" : String.join("\n", lines) + "\n");
    }

    void maxArraySize(int size) throws IOException {
        Files.writeString(bin.resolve("max-array-size"), Integer.toString(size));
    }

    /** Removes one command, as on a machine without it. */
    void remove(String command) throws IOException {
        Files.delete(bin.resolve(command));
    }
}
