package dev.repbench.torch.ffi;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The C environment of this process and the libraries mapped into it. Native libraries read their settings from the
 * C environment when they load; the JVM's {@link System#getenv()} is a copy taken at start-up, which libc's
 * {@code setenv} does not change, so the settings RepBench applies before libtorch loads go through here.
 */
final class CEnvironment {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle GETENV = LINKER.downcallHandle(LINKER.defaultLookup().find("getenv").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS));
    private static final MethodHandle SETENV = LINKER.downcallHandle(LINKER.defaultLookup().find("setenv").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

    private CEnvironment() {
    }

    /** The C environment's value of {@code name}, or null. */
    static String get(String name) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = (MemorySegment) GETENV.invokeExact(arena.allocateFrom(name));
            return value.equals(MemorySegment.NULL) ? null : value.reinterpret(Long.MAX_VALUE).getString(0);
        }
    }

    /** Sets {@code name} to {@code value} unless it is set already (libc's {@code setenv} without overwriting). */
    static void setIfAbsent(String name, String value) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            int rc = (int) SETENV.invokeExact(arena.allocateFrom(name), arena.allocateFrom(value), 0);
            if (rc != 0) {
                throw new IllegalStateException("setenv(" + name + ") returned " + rc);
            }
        }
    }

    /** Whether a library whose file name contains {@code fragment} is mapped into this process (Linux: /proc/self/maps). */
    static boolean libraryMapped(String fragment) throws IOException {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return false;
        }
        try (var lines = Files.lines(maps)) {
            return lines.anyMatch(l -> l.contains(fragment));
        }
    }
}
