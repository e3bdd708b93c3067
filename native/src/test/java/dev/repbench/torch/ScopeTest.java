package dev.repbench.torch;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves the ownership rules of {@link Scope}: results belong to the innermost scope, keep/keepInParent move
 * ownership so tensors survive an inner close, closing frees exactly what a scope still owns, and standalone scopes
 * work across threads.
 */
class ScopeTest {

    @BeforeAll
    static void threads() {
        Torch.setNumThreads(2);
    }

    @Test
    void resultsBelongToTheInnermostScope() {
        try (Scope outer = Scope.open()) {
            assertSame(outer, Scope.current());
            assertNull(outer.parent());
            Tensor a = Tensor.ones(2);
            try (Scope inner = Scope.open()) {
                assertSame(inner, Scope.current());
                assertSame(outer, inner.parent());
                Tensor b = a.add(a);
                Tensor c = b.mul(2);
                assertEquals(2, inner.size());
                assertEquals(1, outer.size());
                assertArrayEquals(new float[] {4, 4}, c.toFloatArray());
                assertFalse(b.isClosed());
            }
            assertSame(outer, Scope.current());
            assertFalse(a.isClosed());
        }
        assertThrows(IllegalStateException.class, Scope::current);
    }

    @Test
    void closingFreesEverythingItOwns() {
        List<Tensor> made = new ArrayList<>();
        Scope scope = Scope.open();
        for (int k = 0; k < 5; k++) {
            made.add(Tensor.randn(3));
        }
        made.addAll(made.getFirst().chunk(3, 0));
        assertEquals(8, scope.size());
        made.get(1).close();
        assertEquals(7, scope.size());
        scope.close();
        assertTrue(scope.isClosed());
        assertEquals(0, scope.size());
        for (Tensor t : made) {
            assertTrue(t.isClosed(), t.toString());
        }
        scope.close(); // idempotent, and no double free of the tensor closed by hand
        assertThrows(IllegalStateException.class, () -> scope.keep(made.getFirst()));
    }

    @Test
    void keepInParentSurvivesTheInnerClose() {
        try (Scope outer = Scope.open()) {
            Tensor result;
            Tensor temporary;
            try (Scope inner = Scope.open()) {
                temporary = Tensor.of(new float[] {1, 2, 3}, 3);
                result = inner.keepInParent(temporary.mul(10));
                assertEquals(1, inner.size());
                assertEquals(1, outer.size());
            }
            assertTrue(temporary.isClosed());
            assertFalse(result.isClosed());
            assertArrayEquals(new float[] {10, 20, 30}, result.toFloatArray());
            assertEquals(1, outer.size());
            // keeping again into the same scope is a no-op
            assertSame(result, outer.keep(result));
            assertEquals(1, outer.size());
        }
    }

    @Test
    void keepInParentOfARootScopeFails() {
        try (Scope root = Scope.open()) {
            Tensor t = Tensor.zeros(1);
            assertThrows(IllegalStateException.class, () -> root.keepInParent(t));
            assertFalse(t.isClosed());
            assertEquals(1, root.size());
        }
    }

    @Test
    void keepIntoAStandaloneScope() {
        Scope params = Scope.standalone();
        Tensor weight;
        try (Scope s = Scope.open()) {
            weight = params.keep(Tensor.randn(4, 4).requiresGrad(true));
            Tensor other = Tensor.randn(4, 4);
            assertEquals(1, s.size());
            assertEquals(1, params.size());
            assertFalse(other.isClosed());
        }
        assertFalse(weight.isClosed(), "a kept tensor survives the scope it was made in");
        assertThrows(IllegalStateException.class, Scope::current, "a standalone scope is never current");
        try (Scope s = Scope.open()) {
            weight.mul(weight).sum().backward();
            assertEquals(16, weight.grad().numel());
        }
        params.close();
        assertTrue(weight.isClosed());
        assertTrue(params.isClosed());
    }

    @Test
    void standaloneScopeAcrossThreads() throws Exception {
        Scope shared = Scope.standalone();
        try {
            // Another thread computes and hands its result to the shared scope ...
            Tensor fromWorker = CompletableFuture.supplyAsync(() -> {
                try (Scope local = Scope.open()) {
                    return shared.keep(Tensor.arange(0, 4, 1, DType.FLOAT64).mul(2));
                }
            }, r -> new Thread(r, "worker").start()).get(30, TimeUnit.SECONDS);
            // ... which this thread reads after the worker's scope closed.
            assertFalse(fromWorker.isClosed());
            assertArrayEquals(new double[] {0, 2, 4, 6}, fromWorker.toDoubleArray());
            try (Scope s = Scope.open()) {
                shared.keep(fromWorker.add(1.0));
            }
            assertEquals(2, shared.size());
            // Several threads add to it at once.
            List<CompletableFuture<Void>> workers = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                workers.add(CompletableFuture.runAsync(() -> {
                    for (int j = 0; j < 50; j++) {
                        try (Scope local = Scope.open()) {
                            shared.keep(Tensor.zeros(2));
                        }
                    }
                }, r -> new Thread(r).start()));
            }
            CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            assertEquals(202, shared.size());
        } finally {
            // ... and a third thread closes it.
            CompletableFuture.runAsync(shared::close, r -> new Thread(r, "closer").start()).get(30, TimeUnit.SECONDS);
        }
        assertTrue(shared.isClosed());
    }

    @Test
    void closeAndAliasAreIndependentHandles() {
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.of(new float[] {1, 2}, 2);
            Tensor alias = a.alias();
            assertEquals(2, s.size());
            alias.mulInPlace(3);
            assertArrayEquals(new float[] {3, 6}, a.toFloatArray(), "an alias shares storage");
            alias.close();
            assertTrue(alias.isClosed());
            assertFalse(a.isClosed());
            assertArrayEquals(new float[] {3, 6}, a.toFloatArray());
            assertEquals(1, s.size());
        }
    }

    @Test
    void movedTensorIsFreedOnlyByItsNewOwner() {
        Scope target = Scope.standalone();
        Tensor moved;
        Scope source = Scope.open();
        moved = target.keep(Tensor.ones(3));
        Tensor stays = Tensor.ones(3);
        assertEquals(1, source.size());
        source.close();
        assertTrue(stays.isClosed());
        assertFalse(moved.isClosed());
        try (Scope s = Scope.open()) {
            assertEquals(3, moved.sum().item(), 0);
        }
        target.close();
        assertTrue(moved.isClosed());
    }
}
