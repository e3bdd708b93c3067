package dev.repbench.torch;

/**
 * A failure reported by libtorch or by the shim, with the shim's status code.
 * The message names the operator and the shapes involved where there are any.
 */
public class TorchException extends RuntimeException {

    /** The shim's status codes ({@code RB_ERR_*} in repbench_torch.h). */
    public enum Code {
        TORCH(1), ARGUMENT(2), NOT_FOUND(3), NO_CUDA(4), IO(5), INTERNAL(6);

        private final int status;

        Code(int status) {
            this.status = status;
        }

        /** The code of a shim status ({@code RB_ERR_*}); {@link #INTERNAL} for one it does not know. */
        public static Code of(int status) {
            for (Code c : values()) {
                if (c.status == status) {
                    return c;
                }
            }
            return INTERNAL;
        }

        public int status() {
            return status;
        }
    }

    private final Code code;

    public TorchException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
