package dev.repbench.torch.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repbench.torch.DType;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import dev.repbench.torch.nn.ReferencePython;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java torch.save reader against what PyTorch itself reads back from files written the way its users write
 * them (fixtures and expected values from src/test/python/make_checkpoint_fixtures.py).
 */
class TorchSaveReaderTest {
    /** Must equal FORMAT_VERSION in make_checkpoint_fixtures.py: a stale folder is regenerated. */
    private static final String FIXTURE_FORMAT = "2";
    private static Path fixtures;
    private static JsonNode expected;

    @TempDir
    Path folder;

    @BeforeAll
    static void fixtures() throws Exception {
        Torch.setNumThreads(2);
        fixtures = ReferencePython.generatedFolder("make_checkpoint_fixtures.py", "checkpoint-fixtures",
                "FIXTURES_COMPLETE", FIXTURE_FORMAT, 120);
        expected = new ObjectMapper().readTree(fixtures.resolve("expected.json").toFile());
    }

    @ParameterizedTest
    @ValueSource(strings = {"state_dict.pt", "one_entry.pt", "moco.pt", "swav.pt", "vissl.pt", "legacy.pt", "dtypes.pt",
            "views.pt", "protocol4.pt", "holder.pt"})
    void readsEveryTensorExactlyAsPyTorchDoes(String name) {
        JsonNode file = expected.get(name);
        try (Scope s = Scope.open()) {
            TorchCheckpoint checkpoint = Checkpoints.read(fixtures.resolve(name));
            assertEquals(file.get("format").asText(), checkpoint.format().name().toLowerCase(), "format");
            List<String> names = new ArrayList<>();
            file.get("tensors").forEach(t -> names.add(t.get("name").asText()));
            assertEquals(names, List.copyOf(checkpoint.tensors().keySet()), "names in order");
            for (JsonNode want : file.get("tensors")) {
                String key = want.get("name").asText();
                Tensor got = checkpoint.tensors().get(key);
                long[] shape = new long[want.get("shape").size()];
                Arrays.setAll(shape, k -> want.get("shape").get(k).asLong());
                assertArrayEquals(shape, got.shape(), key + " shape");
                assertEquals(want.get("dtype").asText(), got.dtype().toString(), key + " dtype");
                double[] values = new double[want.get("values").size()];
                Arrays.setAll(values, k -> want.get("values").get(k).asDouble());
                assertArrayEquals(values, got.toDoubleArray(), key + " values");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"moco.pt", "legacy.pt"})
    void metadataAndArgparseNamespacesAreReachable(String name) {
        JsonNode metadata = expected.get(name).get("metadata");
        try (Scope s = Scope.open()) {
            TorchCheckpoint checkpoint = Checkpoints.read(fixtures.resolve(name));
            assertEquals(metadata.get("epoch").asLong(), checkpoint.value("epoch").orElseThrow());
            assertEquals(metadata.get("arch").asText(), checkpoint.value("arch").orElseThrow());
            PickledObject args = assertInstanceOf(PickledObject.class, checkpoint.value("args").orElseThrow());
            assertEquals("argparse.Namespace", args.qualifiedName());
            assertEquals(metadata.get("args.lr").asDouble(), args.attributes().get("lr"));
            assertEquals(metadata.get("args.moco_k").asLong(), args.attributes().get("moco_k"));
            assertEquals(List.of(120L, 160L), args.attributes().get("schedule"));
            assertTrue(checkpoint.warnings().isEmpty(), checkpoint.warnings().toString());
        }
    }

    @Test
    void viewsShareTheirStorageAndNonContiguousOnesBecomeContiguous() {
        try (Scope s = Scope.open()) {
            Map<String, Tensor> views = Checkpoints.load(fixtures.resolve("views.pt"));
            long base = views.get("base").data().address();
            assertEquals(base + 6 * Float.BYTES, views.get("rows").data().address(), "the row slice is a view of base");
            assertTrue(views.get("transposed").isContiguous());
            assertTrue(views.get("column").isContiguous());
            assertArrayEquals(new float[] {2, 8, 14, 20}, views.get("column").toFloatArray());
        }
    }

    @Test
    void aModelStateDictLoadsAsPyTorchSavesIt() {
        try (Scope s = Scope.open()) {
            Map<String, Tensor> state = Checkpoints.load(fixtures.resolve("state_dict.pt"));
            assertEquals(DType.INT64, state.get("1.num_batches_tracked").dtype());
            assertArrayEquals(new long[0], state.get("1.num_batches_tracked").shape());
            assertFalse(state.get("0.weight").requiresGrad());
        }
    }

    @Test
    void anObjectOfAnUnknownClassStaysOpaqueAndTheWarningNamesItsKey() {
        try (Scope s = Scope.open()) {
            TorchCheckpoint holder = Checkpoints.read(fixtures.resolve("holder.pt"));
            assertEquals(Set.of("weight"), holder.tensors().keySet());
            assertEquals(1, holder.warnings().size());
            String warning = holder.warnings().getFirst();
            assertTrue(warning.contains("entry 'holder'") && warning.contains("__main__.Holder")
                    && warning.contains("1 tensor"), warning);
            PickledObject object = assertInstanceOf(PickledObject.class, holder.value("holder").orElseThrow());
            assertInstanceOf(Tensor.class, object.attributes().get("tensor"), "the tensor is still in the structure");

            Path only = fixtures.resolve("only_holder.pt");
            CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.load(only));
            assertTrue(e.getMessage().contains(only.toString()) && e.getMessage().contains("__main__.Holder")
                    && e.getMessage().contains("model.state_dict()"), e.getMessage());
        }
    }

    @Test
    void aPickledCallIsNeverRun() {
        try (Scope s = Scope.open()) {
            TorchCheckpoint runs = Checkpoints.read(fixtures.resolve("runs.pt"));
            assertEquals(Set.of("weight"), runs.tensors().keySet());
            PickledObject payload = assertInstanceOf(PickledObject.class, runs.value("payload").orElseThrow());
            assertEquals("posix.system", payload.qualifiedName());
            assertFalse(Files.exists(fixtures.resolve("executed")));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5})
    void thePickleMachineReadsPythonValuesOfEveryProtocol(int protocol) throws IOException {
        byte[] bytes = Files.readAllBytes(fixtures.resolve("values_protocol" + protocol + ".pkl"));
        Object value = new Unpickler(MemorySegment.ofArray(bytes), 0, "values", new TorchClasses("values")).load();
        Map<?, ?> values = assertInstanceOf(Map.class, value);
        assertEquals(7L, values.get("small"));
        assertEquals(-5L, values.get("negative"));
        assertEquals(BigInteger.TWO.pow(70), values.get("big"));
        assertEquals(1.5, values.get("float"));
        assertArrayEquals(new byte[] {0, (byte) 0xff}, (byte[]) values.get("bytes"));
        assertEquals("gr\u00fc\u00dfe", values.get("text"));
        assertEquals(Set.of(3L), values.get("set"));
        assertEquals(Set.of(4L), values.get("frozen"));
        assertEquals(Arrays.asList(1L, Arrays.asList(2L, null)), values.get("tuple"));
        assertEquals(List.of(true, false), values.get("list"));
        assertEquals(Map.of(), values.get("empty"));
    }

    @Test
    void aSparseTensorFailsNamingWhatItNeeds() {
        Path sparse = fixtures.resolve("sparse.pt");
        try (Scope s = Scope.open()) {
            CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.load(sparse));
            assertTrue(e.getMessage().contains(sparse.toString())
                    && e.getMessage().contains("torch._utils._rebuild_sparse_tensor")
                    && e.getMessage().contains("to_dense"), e.getMessage());
        }
    }

    @Test
    void truncatedFilesFailNamingTheFileAndTheFix() throws IOException {
        byte[] zip = Files.readAllBytes(fixtures.resolve("state_dict.pt"));
        byte[] legacy = Files.readAllBytes(fixtures.resolve("legacy.pt"));
        assertFails(write("half.pt", Arrays.copyOf(zip, zip.length / 2)), "truncated");
        assertFails(write("no_data.pt", Arrays.copyOf(legacy, legacy.length - 10)), "is truncated: storage");
        assertFails(write("in_pickle.pt", Arrays.copyOf(legacy, 200)), "ends in the middle of a pickle");
    }

    @Test
    void aMissingStorageEntryIsNamed() throws IOException {
        Path damaged = folder.resolve("missing.pt");
        try (ZipFile source = new ZipFile(fixtures.resolve("state_dict.pt").toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(damaged))) {
            for (ZipEntry entry : source.stream().toList()) {
                if (!entry.getName().endsWith("/data/3")) {
                    out.putNextEntry(new ZipEntry(entry.getName()));
                    try (var in = source.getInputStream(entry)) {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
        assertFails(damaged, "lacks the entry state_dict/data/3");
    }

    @Test
    void filesThatAreNotTorchSaveFilesSayWhatTheyLookLike() throws IOException {
        byte[] random = new byte[64];
        new Random(1).nextBytes(random);
        random[0] = 0x13;
        assertFails(write("random.bin", random), "it starts with the bytes 13 ");
        assertFails(write("empty.pt", new byte[0]), "it is empty");
        byte[] header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}".getBytes(StandardCharsets.US_ASCII);
        byte[] safetensors = new byte[8 + header.length + 4];
        safetensors[0] = (byte) header.length;
        System.arraycopy(header, 0, safetensors, 8, header.length);
        assertFails(write("model.safetensors", safetensors), "safetensors");
        assertFails(write("model.onnx", new byte[] {0x08, 0x07, 0x12, 0x07, 'p', 'y', 't', 'o', 'r', 'c', 'h'}), "ONNX");
        assertFails(write("page.pt", "<!DOCTYPE html><html>Sign in</html>".getBytes(StandardCharsets.US_ASCII)), "web page");
        assertFails(fixtures.resolve("plain.pkl"), "pickle.dump");
    }

    @Test
    void anUnsupportedOpcodeIsNamedWithItsOffset() throws IOException {
        Path inst = write("inst.pt", new byte[] {(byte) 0x80, 0x02, 'i', 'o', 's', '\n'});
        assertFails(inst, "unsupported pickle opcode INST (0x69)");
        assertFails(inst, "(at byte 2)");
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(folder.resolve(name), bytes);
    }

    private static void assertFails(Path file, String expectedText) {
        try (Scope s = Scope.open()) {
            CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.load(file));
            assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()), "names the file: " + e.getMessage());
            assertTrue(e.getMessage().contains(expectedText), "expected '" + expectedText + "' in: " + e.getMessage());
        }
    }
}
