package dev.repbench.runtime.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * What is wrong with a file RepBench reads or a folder it writes, found early and said in words for a one-line
 * message. Output folders are checked before the work that fills them: a command that found out only when writing its
 * result (after an export, a pretraining run, a CKA matrix, a head's training) that its folder is a file or cannot be
 * written into would lose that work. Java's file errors often carry the path alone, and Jackson's run to several
 * lines quoting the source and naming Java types.
 */
public final class FileProblems {
    private FileProblems() {
    }

    /**
     * Checks that {@code folder} can be created (if missing) and written into, without creating it: the nearest
     * existing folder at or above it must be a folder, and a file can be made in it (one is made and deleted).
     *
     * @param folder the folder a command will write into, existing or not
     * @param option how the user named it, e.g. {@code --out}, for the message
     * @throws IllegalArgumentException naming the path and the fix: a file stands where the folder (or one above it)
     *                                  would be, or nothing can be written there
     */
    public static void requireWritableFolder(Path folder, String option) {
        Path wanted = folder.toAbsolutePath().normalize();
        Path existing = wanted;
        while (existing.getParent() != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (!Files.isDirectory(existing)) {
            throw new IllegalArgumentException(existing + " is a file" + (existing.equals(wanted) ? ""
                    : ", and " + wanted + " would be a folder inside it") + ": give " + option + " a folder (a new one,"
                    + " or one RepBench wrote)");
        }
        try {
            Files.delete(Files.createTempFile(existing, ".repbench-write-check-", AtomicFiles.TEMPORARY_SUFFIX));
        } catch (IOException e) {
            throw new IllegalArgumentException(existing + " is not writable (" + reason(e) + "): give " + option
                    + " a folder you can write into, or change its permissions", e);
        }
    }

    /**
     * What went wrong, in words: {@code does not exist}, {@code permission denied}, the file system's reason
     * ({@code Read-only file system}, {@code No space left on device}, …), else the exception's message.
     */
    public static String reason(IOException e) {
        return switch (e) {
            case NoSuchFileException n -> n.getFile() + " does not exist";
            case AccessDeniedException a -> "permission denied";
            case FileAlreadyExistsException f -> f.getFile() + " already exists (as a file?)";
            case NotDirectoryException n -> n.getFile() + " is not a folder";
            case FileSystemException f when f.getReason() != null -> f.getReason();
            default -> e.getMessage() == null ? "an I/O error" : e.getMessage();
        };
    }

    /**
     * @param e what Jackson threw while reading the file
     * @return e.g. {@code the JSON ends after line 7, unfinished: the file was cut short} or {@code invalid JSON at
     *         line 3, column 9}
     */
    public static String json(JacksonException e) {
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        // Jackson says "end-of-input" also where a cut falls inside a token, which is no JsonEOFException.
        if (e instanceof JsonEOFException || String.valueOf(e.getOriginalMessage()).contains("end-of-input")) {
            return "the JSON ends" + (at == null || at.getLineNr() < 1 ? "" : " after line " + at.getLineNr())
                    + ", unfinished: the file was cut short";
        }
        if (e instanceof ValueInstantiationException v && v.getCause() != null && v.getCause().getMessage() != null) {
            return "a value is missing or out of range" + where + ": " + v.getCause().getMessage();
        }
        if (e instanceof MismatchedInputException m) {
            var last = m.getPath().isEmpty() ? null : m.getPath().getLast();
            String field = last == null ? "" : last.getFieldName() != null ? " in '" + last.getFieldName() + "'"
                    : " in item " + last.getIndex();
            return "a value of the wrong kind" + field + where;
        }
        return "invalid JSON" + where;
    }
}
