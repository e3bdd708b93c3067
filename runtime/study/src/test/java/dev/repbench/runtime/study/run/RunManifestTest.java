package dev.repbench.runtime.study.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.repbench.runtime.io.AtomicFiles;
import dev.repbench.runtime.study.cell.StudyLayout;
import dev.repbench.runtime.study.spec.FakeCatalog;
import dev.repbench.runtime.study.spec.SpecLoader;
import dev.repbench.runtime.study.spec.StudySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest holds the spec, the software and the sha256 of every input file. */
class RunManifestTest {
    @TempDir
    Path temp;

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void theManifestNamesTheSpecSoftwareAndEveryInputByHash() throws Exception {
        Files.createDirectories(temp.resolve("data/sub"));
        Files.writeString(temp.resolve("data/b.idx"), "bee");
        Files.writeString(temp.resolve("data/sub/a.idx"), "ay");
        Files.writeString(temp.resolve("model.onnx"), "model bytes");
        Files.createDirectories(temp.resolve("ready"));
        Files.writeString(temp.resolve("ready/encoder.onnx"), "ready onnx");
        Files.writeString(temp.resolve("ready/encoder.json"), "{}");
        Files.createDirectories(temp.resolve("images"));
        Files.writeString(temp.resolve("images/x.png"), "png");
        String text = """
                name: manifest
                data-root: data
                encoders:
                  ext:   { onnx: model.onnx }
                  ready: { onnx: ready }
                  rand:  { random-init: { arch: resnet18 } }
                  img:   { pretrain: { algorithm: a, epochs: 1, dataset: images } }
                tasks: [t0]
                """;
        Path file = Files.writeString(temp.resolve("study.yaml"), text);
        StudySpec spec = SpecLoader.load(file, new FakeCatalog().algorithm("a").tasks("t0"));
        RunManifest.Software software = new RunManifest.Software(Map.of("repbench", "9.9", "libtorch", "2.x"),
                List.of(Map.of("kind", "task", "name", "t0")));

        RunManifest.write(spec, software);

        JsonNode m = AtomicFiles.JSON.readTree(new StudyLayout(spec.output()).manifest().toFile());
        assertEquals(text, m.get("spec").asText());
        assertEquals(sha256(text.getBytes(StandardCharsets.UTF_8)), m.get("specSha256").asText());
        assertEquals("cpu", m.get("device").asText());
        assertEquals("9.9", m.get("versions").get("repbench").asText());
        assertEquals("t0", m.get("plugins").get(0).get("name").asText());
        assertEquals(sha256("model bytes".getBytes(StandardCharsets.UTF_8)), m.get("inputs").get("ext").get(0).get("sha256").asText());
        assertEquals(List.of(temp.resolve("ready/encoder.onnx").toString(), temp.resolve("ready/encoder.json").toString()),
                List.of(m.get("inputs").get("ready").get(0).get("path").asText(), m.get("inputs").get("ready").get(1).get("path").asText()));
        assertEquals(0, m.get("inputs").get("rand").size());
        assertEquals("x.png", m.get("inputs").get("img").get(0).get("path").asText());
        assertEquals(sha256("png".getBytes(StandardCharsets.UTF_8)), m.get("inputs").get("img").get(0).get("sha256").asText());
        JsonNode data = m.get("dataFiles");
        assertEquals(2, data.size());
        assertEquals("b.idx", data.get(0).get("path").asText());
        assertEquals("sub/a.idx", data.get(1).get("path").asText());
        assertEquals(sha256("ay".getBytes(StandardCharsets.UTF_8)), data.get(1).get("sha256").asText());
        assertEquals(2, data.get(1).get("bytes").asInt());
    }
}
