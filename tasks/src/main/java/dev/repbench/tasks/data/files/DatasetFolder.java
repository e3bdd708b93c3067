package dev.repbench.tasks.data.files;

import dev.repbench.api.task.TaskDataException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A dataset's folder under the data root and the layout it is expected to have. Every lookup that fails throws a
 * {@link TaskDataException} naming the path, the layout and where the dataset comes from, so a user can fix a
 * missing or misplaced dataset from the message alone.
 *
 * @param root   the dataset's folder, e.g. {@code <data-root>/oxford-iiit-pet}
 * @param layout the expected layout in one line, e.g. {@code images/*.jpg and annotations/{trainval,test}.txt}
 * @param source where to get the dataset, e.g. its official page
 */
public record DatasetFolder(Path root, String layout, String source) {

    /**
     * @param dataRoot the data root
     * @param folder   the dataset's folder name under it
     * @param layout   the expected layout
     * @param source   where to get the dataset
     * @return the dataset folder, checked to exist
     * @throws TaskDataException if the folder is missing
     */
    public static DatasetFolder open(Path dataRoot, String folder, String layout, String source) {
        DatasetFolder dataset = new DatasetFolder(dataRoot.resolve(folder), layout, source);
        if (!Files.isDirectory(dataset.root)) {
            throw dataset.problem(dataset.root, "no such folder");
        }
        return dataset;
    }

    /** The expected layout and the source, as a {@link TaskDataException} says them. */
    public String expected() {
        return "<data-root>/" + root.getFileName() + "/ holding " + layout + " (" + source + ")";
    }

    /** An error about {@code path}. */
    public TaskDataException problem(Path path, String problem) {
        return new TaskDataException(path, problem, expected());
    }

    /** An error about {@code path} with its cause. */
    public TaskDataException problem(Path path, String problem, Throwable cause) {
        return new TaskDataException(path, problem, expected(), cause);
    }

    /** @return {@code root/relative}, checked to be a file */
    public Path file(String relative) {
        Path file = root.resolve(relative);
        if (!Files.isRegularFile(file)) {
            throw problem(file, "no such file");
        }
        return file;
    }

    /** @return {@code root/relative}, checked to be a folder */
    public Path folder(String relative) {
        Path folder = root.resolve(relative);
        if (!Files.isDirectory(folder)) {
            throw problem(folder, "no such folder");
        }
        return folder;
    }

    /** @return whether {@code root/relative} exists */
    public boolean has(String relative) {
        return Files.exists(root.resolve(relative));
    }

    /**
     * @param relative a text file under the root
     * @return its lines, blank lines and lines starting with {@code #} dropped, each stripped
     */
    public List<String> lines(String relative) {
        Path file = file(relative);
        try {
            List<String> kept = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String s = line.strip();
                if (!s.isEmpty() && !s.startsWith("#")) {
                    kept.add(s);
                }
            }
            return kept;
        } catch (IOException e) {
            throw problem(file, "cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The sub-folders of a folder, sorted by name.
     *
     * @param folder a folder (absolute, or relative to the root)
     * @return the sub-folders
     */
    public List<Path> subfolders(Path folder) {
        return list(root.resolve(folder), Files::isDirectory);
    }

    /**
     * The files directly in a folder whose names end with one of the suffixes (case-insensitive), sorted by name.
     *
     * @param folder   a folder (absolute, or relative to the root)
     * @param suffixes e.g. {@code ".jpg", ".jpeg"}
     * @return the files
     */
    public List<Path> files(Path folder, String... suffixes) {
        return list(root.resolve(folder), p -> Files.isRegularFile(p) && hasSuffix(p, suffixes));
    }

    private static boolean hasSuffix(Path p, String[] suffixes) {
        String name = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        for (String suffix : suffixes) {
            if (name.endsWith(suffix.toLowerCase(java.util.Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private List<Path> list(Path folder, Predicate<Path> keep) {
        if (!Files.isDirectory(folder)) {
            throw problem(folder, "no such folder");
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(keep).sorted().toList();
        } catch (IOException e) {
            throw problem(folder, "cannot list (" + e.getMessage() + ")", e);
        } catch (UncheckedIOException e) {
            throw problem(folder, "cannot list (" + e.getCause().getMessage() + ")", e);
        }
    }
}
