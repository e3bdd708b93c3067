package dev.repbench.torch;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.management.JMException;
import javax.management.ObjectName;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves that tensors freed by closing a scope, by {@link Tensor#close()}, or as the list results of {@link Op#call}
 * give their native memory back: over 100,000 create/free cycles, resident memory outside the Java heap and glibc's
 * bytes in use stay flat, and nothing accumulates on the Java heap either.
 */
class NativeMemoryTest {
    private static final int WARM_UP = 10_000;
    private static final int CYCLES = 100_000;
    private static final long MAX_RSS_GROWTH = 20L << 20;
    private static final long MAX_HEAP_GROWTH = 4L << 20;
    private static final Op CHUNK = Op.of("aten::chunk");

    @BeforeAll
    static void threads() {
        Torch.setNumThreads(2);
    }

    /** The Java heap's reserved address range [start, end), from the GC.heap_info diagnostic command. */
    private static final long[] JAVA_HEAP = javaHeapRange();

    /** glibc's mallinfo2(): the bytes malloc has handed out and not had back (uordblks, plus mmapped chunks). */
    private static final StructLayout MALLINFO2_LAYOUT = MemoryLayout.structLayout(
            Stream.of("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")
                    .map(n -> ValueLayout.JAVA_LONG.withName(n)).toArray(MemoryLayout[]::new));
    private static final MethodHandle MALLINFO2 = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("mallinfo2").orElseThrow(), FunctionDescriptor.of(MALLINFO2_LAYOUT));

    /** glibc's malloc_trim(0): gives free memory inside malloc's heaps back to the system. */
    private static final MethodHandle MALLOC_TRIM = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("malloc_trim").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));

    /**
     * Memory figures of this process, in bytes. Taken after a full GC and a malloc_trim(0), so that memory the
     * allocators merely cache (free chunks glibc keeps in its arenas, which come and go with fragmentation) does not
     * pass for memory in use; a leak stays resident whatever the allocator does.
     */
    record Memory(long rss, long rssOutsideJavaHeap, long mallocInUse, long javaHeapUsed) {
        static Memory now() {
            jitSettled();
            long heap = liveJavaHeap();
            try {
                int released = (int) MALLOC_TRIM.invokeExact(0L);
            } catch (Throwable t) {
                throw new AssertionError("malloc_trim failed", t);
            }
            long total = 0;
            long inHeap = 0;
            long vmaStart = 0;
            long vmaEnd = 0;
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
                    Matcher vma = VMA.matcher(line);
                    if (vma.lookingAt()) {
                        vmaStart = Long.parseUnsignedLong(vma.group(1), 16);
                        vmaEnd = Long.parseUnsignedLong(vma.group(2), 16);
                    } else if (line.startsWith("Rss:")) {
                        long bytes = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                        total += bytes;
                        if (vmaStart < JAVA_HEAP[1] && vmaEnd > JAVA_HEAP[0]) {
                            inHeap += bytes;
                        }
                    }
                }
            } catch (IOException e) {
                throw new AssertionError("cannot read /proc/self/smaps", e);
            }
            return new Memory(total, total - inHeap, mallocBytesInUse(), heap);
        }
    }

    private static final Pattern VMA = Pattern.compile("([0-9a-f]+)-([0-9a-f]+) ");

    /** VmRSS from /proc/self/status, in bytes (the figure {@code top} shows). */
    static long vmRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read /proc/self/status", e);
        }
        throw new AssertionError("no VmRSS in /proc/self/status");
    }

    private static long[] javaHeapRange() {
        try {
            Object info = ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "gcHeapInfo", new Object[] {null}, new String[] {String[].class.getName()});
            Matcher m = Pattern.compile("\\[0x([0-9a-f]+), 0x([0-9a-f]+)\\)").matcher(info.toString());
            if (!m.find()) {
                throw new AssertionError("no heap range in GC.heap_info: " + info);
            }
            return new long[] {Long.parseUnsignedLong(m.group(1), 16), Long.parseUnsignedLong(m.group(2), 16)};
        } catch (JMException e) {
            throw new AssertionError("GC.heap_info failed", e);
        }
    }

    private static long mallocBytesInUse() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = (MemorySegment) MALLINFO2.invokeExact((SegmentAllocator) arena);
            return info.get(ValueLayout.JAVA_LONG, MALLINFO2_LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("uordblks")))
                    + info.get(ValueLayout.JAVA_LONG, MALLINFO2_LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("hblkhd")));
        } catch (Throwable t) {
            throw new AssertionError("mallinfo2 failed", t);
        }
    }

    /** Waits (up to 5 s) until the JIT has compiled nothing for 300 ms: its working memory is malloc'd too. */
    static void jitSettled() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long deadline = System.nanoTime() + 5_000_000_000L;
        long last = jit.getTotalCompilationTime();
        int quiet = 0;
        while (quiet < 6 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long now = jit.getTotalCompilationTime();
            quiet = now == last ? quiet + 1 : 0;
            last = now;
        }
    }

    static long liveJavaHeap() {
        Runtime r = Runtime.getRuntime();
        for (int k = 0; k < 3; k++) {
            System.gc();
        }
        return r.totalMemory() - r.freeMemory();
    }

    private static String mb(long bytes) {
        return String.format("%.1f MB", bytes / 1048576.0);
    }

    /**
     * Runs {@code cycle} WARM_UP times, measures, runs it CYCLES more times, measures again, and asserts that neither
     * native memory (resident outside the Java heap, and what malloc has handed out) nor the live Java heap grew.
     * VmRSS as a whole is printed too, but not asserted: it includes the Java heap, which G1 grows and shrinks as it likes.
     */
    private static void assertFlat(String name, Runnable cycle) {
        for (int k = 0; k < WARM_UP; k++) {
            cycle.run();
        }
        long vmRssBefore = vmRss();
        Memory before = Memory.now();
        long start = System.nanoTime();
        for (int k = 0; k < CYCLES; k++) {
            cycle.run();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        long vmRssAfter = vmRss();
        Memory after = Memory.now();
        System.out.printf("%s, %,d cycles in %d ms: RSS outside the Java heap %s -> %s (%+.2f MB); malloc in use %s -> %s "
                        + "(%+.2f MB); live Java heap %+.2f MB; VmRSS %s -> %s%n", name, CYCLES, millis,
                mb(before.rssOutsideJavaHeap()), mb(after.rssOutsideJavaHeap()),
                (after.rssOutsideJavaHeap() - before.rssOutsideJavaHeap()) / 1048576.0,
                mb(before.mallocInUse()), mb(after.mallocInUse()), (after.mallocInUse() - before.mallocInUse()) / 1048576.0,
                (after.javaHeapUsed() - before.javaHeapUsed()) / 1048576.0, mb(vmRssBefore), mb(vmRssAfter));
        assertTrue(after.rssOutsideJavaHeap() - before.rssOutsideJavaHeap() < MAX_RSS_GROWTH, name
                + ": resident memory outside the Java heap grew by " + mb(after.rssOutsideJavaHeap() - before.rssOutsideJavaHeap()));
        assertTrue(after.mallocInUse() - before.mallocInUse() < MAX_RSS_GROWTH, name
                + ": malloc'd memory in use grew by " + mb(after.mallocInUse() - before.mallocInUse()));
        assertTrue(after.javaHeapUsed() - before.javaHeapUsed() < MAX_HEAP_GROWTH, name
                + ": the Java heap retained " + mb(after.javaHeapUsed() - before.javaHeapUsed()) + " more");
    }

    @Test
    void measurementSeesALeak() {
        // The instrument itself: 2,000 tensors of 16 KiB that are not freed must show as ~31 MB in every native figure.
        try (Scope s = Scope.open()) {
            Memory before = Memory.now();
            for (int k = 0; k < 2000; k++) {
                Tensor.zeros(64, 64).fillInPlace(1);
            }
            Memory after = Memory.now();
            long leaked = 2000L * 64 * 64 * 4;
            assertTrue(after.rssOutsideJavaHeap() - before.rssOutsideJavaHeap() > leaked * 3 / 4,
                    "RSS outside the heap grew by only " + mb(after.rssOutsideJavaHeap() - before.rssOutsideJavaHeap()));
            assertTrue(after.mallocInUse() - before.mallocInUse() > leaked * 3 / 4,
                    "malloc in use grew by only " + mb(after.mallocInUse() - before.mallocInUse()));
            assertTrue(vmRss() > after.rssOutsideJavaHeap() - 1, "VmRSS covers everything");
        }
    }

    @Test
    void scopePerIteration() {
        assertFlat("scope per iteration", () -> {
            try (Scope s = Scope.open()) {
                Tensor a = Tensor.randn(64, 64);
                Tensor b = a.mul(2).add(a);
                assertEquals(4096, b.numel());
            }
        });
    }

    @Test
    void closedIndividuallyInOneLongLivedScope() {
        try (Scope s = Scope.open()) {
            assertFlat("close() in one scope", () -> {
                Tensor a = Tensor.randn(64, 64);
                Tensor b = a.mul(2);
                Tensor c = a.alias();
                b.close();
                c.close();
                a.close();
            });
            assertEquals(0, s.size());
        }
    }

    @Test
    void keptIntoAStandaloneScopeThenClosed() {
        try (Scope standalone = Scope.standalone()) {
            assertFlat("keep into standalone, then close()", () -> {
                try (Scope s = Scope.open()) {
                    Tensor kept = standalone.keep(Tensor.randn(64, 64).relu());
                    kept.close();
                }
            });
            assertEquals(0, standalone.size());
        }
    }

    @Test
    void tensorListResults() {
        try (Scope outer = Scope.open()) {
            Tensor x = Tensor.randn(64, 64);
            assertFlat("chunk results, scope per iteration", () -> {
                try (Scope s = Scope.open()) {
                    List<Object> parts = CHUNK.call(x, 4L, 0L);
                    assertEquals(4, parts.size());
                    ((Tensor) parts.get(3)).add(1.0);
                }
            });
            assertFlat("chunk results closed individually", () -> {
                Tensor y = x.mul(1.5);
                for (Tensor t : y.chunk(8, 1)) {
                    t.close();
                }
                y.close();
            });
            assertEquals(1, outer.size(), "only x is left in the outer scope");
        }
    }
}
