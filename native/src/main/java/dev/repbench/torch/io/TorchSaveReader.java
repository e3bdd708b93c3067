package dev.repbench.torch.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads both container formats of {@code torch.save} in Java:
 * <ul>
 * <li>zip (PyTorch ≥ 1.6): {@code <archive>/data.pkl} is the pickled object, each storage is the entry
 * {@code <archive>/data/<key>}, and {@code <archive>/byteorder} (if present) says "little";</li>
 * <li>legacy: five pickles in a row (a magic number, the protocol version 1001, system info, the object, the list
 * of storage keys), then per storage, in that list's order, its element count (int64) and its raw bytes.</li>
 * </ul>
 * Anything else is refused with a description of what the file looks like instead.
 */
final class TorchSaveReader {
    private static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final long LEGACY_PROTOCOL = 1001;
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final String FORMATS = "RepBench reads files written by torch.save, in the zip format of"
            + " PyTorch >= 1.6 or the legacy format before it";
    private static final int HEAD = 512;

    private TorchSaveReader() {
    }

    /** Reads {@code file} (an absolute path to a readable file); tensors go to the current scope. */
    static TorchCheckpoint read(Path file) throws IOException {
        byte[] head = head(file);
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 || head[2] == 5)) {
            return readZip(file);
        }
        if (head.length >= 2 && (head[0] & 0xff) == 0x80) {
            return readLegacy(file);
        }
        throw new CheckpointException("checkpoint " + file + " is not a torch.save file: " + lookalike(head, file)
                + ". " + FORMATS);
    }

    // ------------------------------------------------------------------ zip

    private static TorchCheckpoint readZip(Path file) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new CheckpointException("checkpoint " + file + " is a damaged or truncated zip archive (" + e.getMessage()
                    + "): re-download or re-save it", e);
        }
        try (zip) {
            List<String> names = zip.stream().map(ZipEntry::getName).toList();
            String pickleName = names.stream().filter(TorchSaveReader::isTopLevelDataPickle).findFirst().orElse(null);
            if (pickleName == null) {
                throw new CheckpointException("checkpoint " + file + " is a zip archive but not a torch.save file (no "
                        + "<archive>/data.pkl among " + preview(names) + ")" + (names.stream().anyMatch(n -> n.endsWith("model.json"))
                        ? "; it looks like an old TorchScript model, which torch.jit.load reads" : "") + ". " + FORMATS);
            }
            String prefix = pickleName.substring(0, pickleName.length() - "data.pkl".length());
            if (zip.getEntry(prefix + "constants.pkl") != null || names.stream().anyMatch(n -> n.startsWith(prefix + "code/"))) {
                throw new CheckpointException("checkpoint " + file + " is a TorchScript archive (torch.jit.save), not a"
                        + " torch.save checkpoint: re-save its weights in Python with"
                        + " torch.save(torch.jit.load(path).state_dict(), new_path)");
            }
            ZipEntry byteOrder = zip.getEntry(prefix + "byteorder");
            if (byteOrder != null) {
                String order = new String(readEntry(zip, byteOrder, file), StandardCharsets.US_ASCII).strip();
                if (!order.equals("little")) {
                    throw new CheckpointException("checkpoint " + file + " stores its tensors " + order + "-endian;"
                            + " RepBench reads little-endian files: re-save it on a little-endian machine");
                }
            }
            String source = "checkpoint " + file + ", entry " + pickleName;
            byte[] pickle = readEntry(zip, zip.getEntry(pickleName), file);
            Object raw = new Unpickler(MemorySegment.ofArray(pickle), 0, source, new TorchClasses(source)).load();
            return rebuild(file, TorchCheckpoint.Format.ZIP, raw,
                    (storage, arena) -> readStorage(zip, prefix + "data/" + storage.key(), storage, arena, file));
        }
    }

    /** {@code data.pkl} at the archive's top folder (torch names the folder after the file; any name is fine). */
    private static boolean isTopLevelDataPickle(String name) {
        return name.equals("data.pkl") || (name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - 9);
    }

    private static byte[] readEntry(ZipFile zip, ZipEntry entry, Path file) {
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readAllBytes();
            if (entry.getSize() >= 0 && bytes.length != entry.getSize()) {
                throw truncatedEntry(entry.getName(), file, entry.getSize(), bytes.length);
            }
            return bytes;
        } catch (IOException e) {
            throw damagedEntry(entry.getName(), file, e);
        }
    }

    private static MemorySegment readStorage(ZipFile zip, String name, StorageRef storage, Arena arena, Path file) {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new CheckpointException("checkpoint " + file + " lacks the entry " + name + " holding storage '"
                    + storage.key() + "' (" + storage.numel() + " " + storage.dtype() + "): the file is incomplete;"
                    + " re-download or re-save it");
        }
        long needed = storage.byteSize();
        if (entry.getSize() >= 0 && entry.getSize() < needed) {
            throw truncatedEntry(name, file, needed, entry.getSize());
        }
        MemorySegment target = arena.allocate(Math.max(1, needed), 64).asSlice(0, needed);
        byte[] buffer = new byte[(int) Math.min(needed, 1 << 20) + 1];
        try (InputStream in = zip.getInputStream(entry)) {
            long filled = 0;
            while (filled < needed) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, needed - filled));
                if (n < 0) {
                    throw truncatedEntry(name, file, needed, filled);
                }
                MemorySegment.copy(buffer, 0, target, ValueLayout.JAVA_BYTE, filled, n);
                filled += n;
            }
        } catch (IOException e) {
            throw damagedEntry(name, file, e);
        }
        return target;
    }

    private static CheckpointException truncatedEntry(String name, Path file, long expected, long actual) {
        return new CheckpointException("checkpoint " + file + ": entry " + name + " holds " + actual + " bytes where "
                + expected + " are needed: the file is truncated or damaged; re-download or re-save it");
    }

    private static CheckpointException damagedEntry(String name, Path file, IOException e) {
        return new CheckpointException("checkpoint " + file + ": entry " + name + " cannot be read (" + e.getMessage()
                + "): the file is truncated or damaged; re-download or re-save it", e);
    }

    // ------------------------------------------------------------------ legacy

    private static TorchCheckpoint readLegacy(Path file) throws IOException {
        String source = "checkpoint " + file;
        try (FileChannel channel = FileChannel.open(file); Arena arena = Arena.ofConfined()) {
            MemorySegment data = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            TorchClasses classes = new TorchClasses(source);

            Unpickler magic = new Unpickler(data, 0, source, classes);
            if (!LEGACY_MAGIC.equals(magic.load())) {
                throw new CheckpointException(source + " is a Python pickle but not a torch.save file (it lacks"
                        + " torch.save's magic number; written by pickle.dump?): in Python, load it and re-save the"
                        + " tensors with torch.save. " + FORMATS);
            }
            Unpickler protocol = new Unpickler(data, magic.position(), source, classes);
            Object version = protocol.load();
            if (!Long.valueOf(LEGACY_PROTOCOL).equals(version)) {
                throw new CheckpointException(source + " is a legacy torch.save file of protocol version " + version
                        + ", which RepBench does not know (it reads " + LEGACY_PROTOCOL + "): re-save it with a recent"
                        + " PyTorch");
            }
            Unpickler systemInfo = new Unpickler(data, protocol.position(), source, classes);
            if (systemInfo.load() instanceof Map<?, ?> info && Boolean.FALSE.equals(info.get("little_endian"))) {
                throw new CheckpointException(source + " was saved on a big-endian machine; RepBench reads"
                        + " little-endian files: re-save it on a little-endian machine");
            }
            Unpickler main = new Unpickler(data, systemInfo.position(), source, classes);
            Object raw = main.load();
            Unpickler keyList = new Unpickler(data, main.position(), source, classes);
            if (!(keyList.load() instanceof List<?> keys)) {
                throw new CheckpointException(source + ": the list of storage keys after the pickled object is missing:"
                        + " the file is damaged; re-download or re-save it");
            }
            Map<String, MemorySegment> storages = new HashMap<>();
            long position = keyList.position();
            for (Object k : keys) {
                String key = String.valueOf(k);
                StorageRef storage = classes.storages().get(key);
                if (storage == null) {
                    throw new CheckpointException(source + " lists storage '" + key + "', which no tensor uses: the"
                            + " file is damaged; re-download or re-save it");
                }
                if (data.byteSize() - position < 8) {
                    throw truncatedStorage(source, key, position, 8, data.byteSize() - position);
                }
                long count = data.get(I64, position);
                if (count != storage.numel()) {
                    throw new CheckpointException(source + ": storage '" + key + "' has " + count + " elements on disk"
                            + " where its tensors expect " + storage.numel() + ": the file is damaged; re-download or"
                            + " re-save it");
                }
                position += 8;
                long size = storage.byteSize();
                if (data.byteSize() - position < size) {
                    throw truncatedStorage(source, key, position, size, data.byteSize() - position);
                }
                storages.put(key, data.asSlice(position, size));
                position += size;
            }
            return rebuild(file, TorchCheckpoint.Format.LEGACY, raw, (storage, unused) -> {
                MemorySegment bytes = storages.get(storage.key());
                if (bytes == null) {
                    throw new CheckpointException(source + ": storage '" + storage.key() + "' is used by a tensor but"
                            + " its data is missing from the file: re-download or re-save it");
                }
                return bytes;
            });
        }
    }

    private static CheckpointException truncatedStorage(String source, String key, long position, long needed,
            long left) {
        return new CheckpointException(source + " is truncated: storage '" + key + "' needs " + needed
                + " bytes at byte " + position + ", " + left + " are left; re-download or re-save it");
    }

    // ------------------------------------------------------------------ shared

    private static TorchCheckpoint rebuild(Path file, TorchCheckpoint.Format format, Object raw,
            TensorRebuilder.StorageBytes bytes) {
        TensorRebuilder rebuilder = new TensorRebuilder("checkpoint " + file, bytes);
        try (rebuilder) {
            return new TorchCheckpoint(file, format, rebuilder.rebuild(raw));
        } catch (RuntimeException e) {
            rebuilder.discard();
            throw e;
        }
    }

    private static byte[] head(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(HEAD);
        }
    }

    /** What a file that is not a torch.save file seems to be, from its first bytes. */
    static String lookalike(byte[] head, Path file) {
        if (head.length == 0) {
            return "it is empty (the download or save did not finish)";
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        if (text.startsWith("version https://git-lfs")) {
            return "it is a Git LFS pointer, not the file itself (run git lfs pull)";
        }
        String lower = text.stripLeading().toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("<!doctype html") || lower.startsWith("<html")) {
            return "it is a web page (a download that got an error or login page instead of the file?)";
        }
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return "it is gzip-compressed (decompress it first)";
        }
        if (text.startsWith("\u0089HDF")) {
            return "it is an HDF5 file (Keras/TensorFlow weights?)";
        }
        if (text.startsWith("\u0093NUMPY")) {
            return "it is a NumPy .npy array (numpy.load reads it)";
        }
        if (head.length > 262 && text.startsWith("ustar", 257)) {
            return "it is a tar archive (the tar format of very early PyTorch? re-save it with a recent one)";
        }
        if (looksLikeSafetensors(head, file)) {
            return "it is a safetensors file (convert it in Python: torch.save(safetensors.torch.load_file(path),"
                    + " new_path))";
        }
        if (head.length >= 3 && head[0] == 0x08 && (head[2] == 0x12 || head[2] == 0x3a || head[2] == 0x42)) {
            return "it looks like an ONNX model (a protobuf ModelProto), which ONNX Runtime reads; for the weights,"
                    + " torch.save(model.state_dict(), path) in Python";
        }
        int shown = Math.min(head.length, 8);
        StringBuilder printable = new StringBuilder();
        for (int k = 0; k < shown; k++) {
            char c = (char) (head[k] & 0xff);
            printable.append(c >= 0x20 && c < 0x7f ? c : '.');
        }
        return "it starts with the bytes " + HexFormat.ofDelimiter(" ").formatHex(head, 0, shown) + " ('" + printable
                + "'), which neither a zip archive nor a pickle begins with";
    }

    /** An 8-byte little-endian header length, then that much JSON. */
    private static boolean looksLikeSafetensors(byte[] head, Path file) {
        if (head.length < 10 || head[8] != '{') {
            return false;
        }
        long headerLength = MemorySegment.ofArray(head).get(I64, 0);
        try {
            return headerLength > 1 && headerLength <= Files.size(file) - 8;
        } catch (IOException e) {
            return false;
        }
    }

    private static String preview(List<String> names) {
        return names.size() <= 5 ? names.toString() : names.subList(0, 5) + " and " + (names.size() - 5) + " more";
    }
}
