package dev.repbench.runtime.study.slurm;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Slurm's commands ({@code sbatch}, {@code scancel}, {@code squeue}, {@code sacct}, {@code sinfo}, {@code scontrol}),
 * found on a search path and run with the caller's environment (so {@code SLURM_CONF} reaches them).
 */
public final class SlurmClient {
    private static final long TIMEOUT_SECONDS = 120;
    private static final Pattern JOB_ID = Pattern.compile("(\\d+)(;.*)?");
    private static final Pattern MAX_ARRAY_SIZE = Pattern.compile("(?m)^MaxArraySize\\s*=\\s*(\\d+)");

    private final List<Path> searchPath;

    /**
     * @param searchPath the folders searched for Slurm's commands, as in {@code PATH}
     */
    public SlurmClient(String searchPath) {
        List<Path> folders = new ArrayList<>();
        for (String entry : (searchPath == null ? "" : searchPath).split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                folders.add(Path.of(entry));
            }
        }
        this.searchPath = List.copyOf(folders);
    }

    /** @return a client searching this process's {@code PATH} */
    public static SlurmClient fromEnvironment() {
        return new SlurmClient(System.getenv("PATH"));
    }

    /** What a command printed and returned. */
    record Result(int exitCode, String out, String err) {
        boolean ok() {
            return exitCode == 0;
        }

        /** @return its error output, else its output, on one line */
        String message() {
            String text = err.isBlank() ? out : err;
            return text.strip().replaceAll("\\s*\\R\\s*", " ");
        }
    }

    /** @return the command's executable on the search path, if there */
    public Optional<Path> find(String command) {
        return searchPath.stream().map(folder -> folder.resolve(command))
                .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
    }

    /** @return whether the command is on the search path */
    public boolean has(String command) {
        return find(command).isPresent();
    }

    /**
     * Submits a script.
     *
     * @param script   the sbatch script
     * @param options  options before the script, e.g. {@code --dependency=afterany:12}
     * @return the job id
     * @throws SlurmException if sbatch refuses it
     */
    public String submit(Path script, List<String> options) {
        List<String> args = new ArrayList<>(List.of("--parsable"));
        args.addAll(options);
        args.add(script.toString());
        Result r = run("sbatch", args);
        Matcher id = JOB_ID.matcher(r.out().strip());
        if (!r.ok() || !id.matches()) {
            throw new SlurmException("sbatch refused " + script + ": " + r.message());
        }
        return id.group(1);
    }

    /**
     * Asks sbatch whether it would accept a script, submitting nothing ({@code sbatch --test-only}).
     *
     * @throws SlurmException with sbatch's reason if it would not
     */
    public void check(Path script) {
        Result r = run("sbatch", List.of("--test-only", script.toString()));
        if (!r.ok()) {
            throw new SlurmException("sbatch would refuse " + script.getFileName() + ": " + r.message()
                    + " — fix the option it names; nothing was submitted");
        }
    }

    /** Cancels jobs, ignoring those that have ended. */
    public void cancel(Collection<String> jobIds) {
        if (!jobIds.isEmpty() && has("scancel")) {
            run("scancel", List.copyOf(jobIds));
        }
    }

    /**
     * @return the cluster's partitions, the default one first, or empty if {@code sinfo} is not on the path
     * @throws SlurmException if sinfo fails (e.g. no controller answers)
     */
    public Optional<List<String>> partitions() {
        if (!has("sinfo")) {
            return Optional.empty();
        }
        Result r = run("sinfo", List.of("--noheader", "--format=%P"));
        if (!r.ok()) {
            throw new SlurmException("sinfo failed: " + r.message() + " — check that the Slurm controller answers"
                    + " (SLURM_CONF, munge)");
        }
        List<String> names = new ArrayList<>();
        r.out().lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(line -> {
            if (line.endsWith("*")) {
                names.addFirst(line.substring(0, line.length() - 1));
            } else if (!names.contains(line)) {
                names.add(line);
            }
        });
        return Optional.of(names.stream().distinct().toList());
    }

    /** @return the cluster's {@code MaxArraySize}, if {@code scontrol} answers */
    public OptionalInt maxArraySize() {
        if (!has("scontrol")) {
            return OptionalInt.empty();
        }
        Result r = run("scontrol", List.of("show", "config"));
        Matcher m = MAX_ARRAY_SIZE.matcher(r.out());
        return r.ok() && m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }

    /**
     * The jobs the controller still knows (pending, running, or ended less than {@code MinJobAge} ago), one entry per
     * array task ({@code 12_3}) or job.
     *
     * @param jobIds job ids (array jobs by their own id)
     * @return state by job id, e.g. {@code RUNNING} or {@code PENDING (Dependency)}; empty if squeue is not on the
     *         path or cannot answer
     */
    public Optional<Map<String, String>> queueStates(Collection<String> jobIds) {
        if (jobIds.isEmpty()) {
            return Optional.of(Map.of());
        }
        if (!has("squeue")) {
            return Optional.empty();
        }
        Result r = run("squeue", List.of("--noheader", "--array", "--states=all", "--jobs=" + String.join(",", jobIds),
                "--format=%i|%T|%r"));
        if (!r.ok()) {
            // every id purged from the controller's memory: it knows none of them
            return r.message().contains("Invalid job id") ? Optional.of(Map.of()) : Optional.empty();
        }
        Map<String, String> states = new LinkedHashMap<>();
        r.out().lines().map(l -> l.strip().split("\\|", -1)).filter(f -> f.length == 3).forEach(f ->
                states.put(f[0], f[1].equals("PENDING") && !f[2].isBlank() && !f[2].equals("None")
                        ? f[1] + " (" + f[2] + ")" : f[1]));
        return Optional.of(states);
    }

    /**
     * @param jobIds job ids
     * @return state by job id from accounting; empty where there is no accounting (then sacct answers nothing)
     */
    public Map<String, String> accountingStates(Collection<String> jobIds) {
        if (jobIds.isEmpty() || !has("sacct")) {
            return Map.of();
        }
        Result r = run("sacct", List.of("--noheader", "--parsable2", "--allocations", "--jobs=" + String.join(",", jobIds),
                "--format=JobID,State"));
        Map<String, String> states = new LinkedHashMap<>();
        if (r.ok()) {
            r.out().lines().map(l -> l.strip().split("\\|", -1)).filter(f -> f.length == 2)
                    .forEach(f -> states.put(f[0], f[1]));
        }
        return states;
    }

    /** Runs a Slurm command to completion. */
    Result run(String command, List<String> args) {
        Path executable = find(command).orElseThrow(() -> new SlurmException(command + " is not on the PATH — run"
                + " this on a Slurm login node, or put Slurm's commands on the PATH (Debian: apt-get install slurm-client)"));
        List<String> argv = new ArrayList<>();
        argv.add(executable.toString());
        argv.addAll(args);
        try {
            Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new SlurmException(command + " did not answer within " + TIMEOUT_SECONDS + " s — check that the"
                        + " Slurm controller is up");
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new SlurmException("cannot run " + executable + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlurmException("interrupted while waiting for " + command);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
