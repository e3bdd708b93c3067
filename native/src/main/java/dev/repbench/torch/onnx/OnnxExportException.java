package dev.repbench.torch.onnx;

/** A module that cannot be exported to ONNX as asked; the message names the module and what to do. */
public final class OnnxExportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OnnxExportException(String message) {
        super(message);
    }
}
