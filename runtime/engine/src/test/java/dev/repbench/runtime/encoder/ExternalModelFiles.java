package dev.repbench.runtime.encoder;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The generated external models, for tests in other packages. */
public final class ExternalModelFiles {
    private ExternalModelFiles() {}

    /**
     * The ONNX file of a model of make_external_onnx.py ({@code resnet18}, {@code mobilenet_v3}, {@code vit},
     * {@code mlp}, …), generated on first use.
     */
    public static Path onnx(String name) throws Exception {
        return ExternalModels.model(name).onnx();
    }

    /**
     * A copy of {@code onnx} in {@code folder} whose initializers keep their bytes in one external data file beside
     * it, {@code weights.bin}, as {@code onnx.save(model, path, save_as_external_data=True, location='weights.bin')}
     * lays them out (tensors with raw data, each at its offset; the small rest stays inline).
     *
     * @return the new model file
     */
    public static Path withExternalData(Path onnx, Path folder) throws Exception {
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(onnx));
        GraphProto.Builder graph = model.getGraph().toBuilder();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (int i = 0; i < graph.getInitializerCount(); i++) {
            TensorProto tensor = graph.getInitializer(i);
            if (tensor.getRawData().size() < 1024) {
                continue;
            }
            long offset = data.size();
            tensor.getRawData().writeTo(data);
            graph.setInitializer(i, tensor.toBuilder().clearRawData().setDataLocation(TensorProto.DataLocation.EXTERNAL)
                    .addExternalData(entry("location", "weights.bin")).addExternalData(entry("offset", "" + offset))
                    .addExternalData(entry("length", "" + tensor.getRawData().size())));
        }
        Files.createDirectories(folder);
        Files.write(folder.resolve("weights.bin"), data.toByteArray());
        return Files.write(folder.resolve(onnx.getFileName()), model.toBuilder().setGraph(graph).build().toByteArray());
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }
}
