package dev.repbench.torch;

import dev.repbench.api.Device;
import dev.repbench.torch.ffi.repbench_torch_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;

/**
 * A libtorch tensor seen from Java: a handle owned by exactly one {@link Scope}.
 *
 * <p>Operators return new tensors owned by the calling thread's current scope. Using a tensor after its
 * scope (or {@link #close()}) freed it throws {@link IllegalStateException}. Methods named {@code …InPlace}
 * change this tensor and return it.
 */
public final class Tensor implements AutoCloseable {
    private final MemorySegment handle;
    private Scope owner;
    private boolean freed;

    Tensor(MemorySegment handle, Scope owner) {
        this.handle = handle;
        this.owner = owner;
        owner.adopt(this);
    }

    // ---------------------------------------------------------------- creation

    /** A tensor holding a copy of {@code data} with the given shape, in the current scope. */
    public static Tensor of(float[] data, long... shape) {
        return fromHost(MemorySegment.ofArray(data), DType.FLOAT32, shape);
    }

    public static Tensor of(double[] data, long... shape) {
        return fromHost(MemorySegment.ofArray(data), DType.FLOAT64, shape);
    }

    public static Tensor of(long[] data, long... shape) {
        return fromHost(MemorySegment.ofArray(data), DType.INT64, shape);
    }

    public static Tensor of(int[] data, long... shape) {
        return fromHost(MemorySegment.ofArray(data), DType.INT32, shape);
    }

    public static Tensor of(byte[] data, long... shape) {
        return fromHost(MemorySegment.ofArray(data), DType.UINT8, shape);
    }

    /** A 0-d float tensor. */
    public static Tensor scalar(double value) {
        return Aten.SCALAR_TENSOR.call1(value, DType.FLOAT32);
    }

    /**
     * A tensor holding a copy of host memory (a heap or native segment) laid out C-contiguously as {@code dtype}.
     * One copy, into memory libtorch owns.
     */
    public static Tensor fromHost(MemorySegment data, DType dtype, long... shape) {
        Scope scope = Scope.current();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment source = data.isNative() ? data : arena.allocate(data.byteSize(), 64).copyFrom(data);
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            Native.check(repbench_torch_h.rb_tensor_from_data(source, data.byteSize(),
                    arena.allocateFrom(ValueLayout.JAVA_LONG, shape), shape.length, dtype.code(), out),
                    "creating a " + dtype + " tensor of shape " + Arrays.toString(shape));
            return new Tensor(out.get(ValueLayout.ADDRESS, 0), scope);
        }
    }

    public static Tensor zeros(long... shape) {
        return zeros(DType.FLOAT32, Device.CPU, shape);
    }

    public static Tensor zeros(DType dtype, Device device, long... shape) {
        return Aten.ZEROS.call1(shape, dtype, null, device);
    }

    public static Tensor ones(long... shape) {
        return ones(DType.FLOAT32, Device.CPU, shape);
    }

    public static Tensor ones(DType dtype, Device device, long... shape) {
        return Aten.ONES.call1(shape, dtype, null, device);
    }

    public static Tensor full(double value, DType dtype, Device device, long... shape) {
        return Aten.FULL.call1(shape, value, dtype, null, device);
    }

    /** Standard normal samples from libtorch's generator (seeded by {@link Torch#manualSeed}). */
    public static Tensor randn(long... shape) {
        return randn(DType.FLOAT32, Device.CPU, shape);
    }

    public static Tensor randn(DType dtype, Device device, long... shape) {
        return Aten.RANDN.call1(shape, dtype, null, device);
    }

    /** Uniform samples in [0, 1). */
    public static Tensor rand(long... shape) {
        return rand(DType.FLOAT32, Device.CPU, shape);
    }

    public static Tensor rand(DType dtype, Device device, long... shape) {
        return Aten.RAND.call1(shape, dtype, null, device);
    }

    /** Uniform integers in [low, high), int64. */
    public static Tensor randint(long low, long high, long... shape) {
        return Aten.RANDINT.call1(low, high, shape, DType.INT64);
    }

    /** A random permutation of 0..n-1, int64. */
    public static Tensor randperm(long n) {
        return Aten.RANDPERM.call1(n, DType.INT64);
    }

    /** start, start+step, ... below end. */
    public static Tensor arange(double start, double end, double step, DType dtype) {
        return Aten.ARANGE.call1(start, end, step, dtype);
    }

    public static Tensor cat(List<Tensor> tensors, long dim) {
        return Aten.CAT.call1(tensors, dim);
    }

    public static Tensor stack(List<Tensor> tensors, long dim) {
        return Aten.STACK.call1(tensors, dim);
    }

    /** Elementwise {@code condition ? a : b}. */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) {
        return Aten.WHERE.call1(condition, a, b);
    }

    // ---------------------------------------------------------------- metadata

    public long[] shape() {
        MemorySegment h = handle();
        int ndim = repbench_torch_h.rb_tensor_ndim(h);
        long[] sizes = new long[ndim];
        if (ndim > 0) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment out = arena.allocate(ValueLayout.JAVA_LONG, ndim);
                Native.check(repbench_torch_h.rb_tensor_sizes(h, out, ndim), "reading a tensor's shape");
                MemorySegment.copy(out, ValueLayout.JAVA_LONG, 0, sizes, 0, ndim);
            }
        }
        return sizes;
    }

    public long size(int dim) {
        long[] s = shape();
        return s[dim < 0 ? dim + s.length : dim];
    }

    public int ndim() {
        return repbench_torch_h.rb_tensor_ndim(handle());
    }

    public long numel() {
        long n = 1;
        for (long s : shape()) {
            n *= s;
        }
        return n;
    }

    public DType dtype() {
        return DType.ofCode(repbench_torch_h.rb_tensor_dtype(handle()));
    }

    public Device device() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment type = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment index = arena.allocate(ValueLayout.JAVA_INT);
            Native.check(repbench_torch_h.rb_tensor_device(handle(), type, index), "reading a tensor's device");
            return switch (type.get(ValueLayout.JAVA_INT, 0)) {
                case 0 -> Device.CPU;
                case 1 -> Device.cuda(index.get(ValueLayout.JAVA_INT, 0));
                default -> throw new TorchException(TorchException.Code.ARGUMENT, "a tensor on a device type RepBench does not support: code "
                        + type.get(ValueLayout.JAVA_INT, 0));
            };
        }
    }

    public boolean isContiguous() {
        return isContiguousAs(repbench_torch_h.RB_MEMORY_CONTIGUOUS());
    }

    public boolean isChannelsLast() {
        return isContiguousAs(repbench_torch_h.RB_MEMORY_CHANNELS_LAST());
    }

    private boolean isContiguousAs(int format) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.JAVA_INT);
            Native.check(repbench_torch_h.rb_tensor_is_contiguous_as(handle(), format, out), "checking contiguity");
            return out.get(ValueLayout.JAVA_INT, 0) != 0;
        }
    }

    /** e.g. {@code Tensor[2, 3] float32 cpu}. */
    public String describe() {
        return "Tensor" + Arrays.toString(shape()) + " " + dtype() + " " + device();
    }

    @Override
    public String toString() {
        return freed ? "Tensor<closed>" : describe();
    }

    // ---------------------------------------------------------------- data out

    /** Copies the elements (converted to float32 if needed) into a new array. */
    public float[] toFloatArray() {
        float[] out = new float[Math.toIntExact(numel())];
        copyConverted(DType.FLOAT32, MemorySegment.ofArray(out));
        return out;
    }

    public double[] toDoubleArray() {
        double[] out = new double[Math.toIntExact(numel())];
        copyConverted(DType.FLOAT64, MemorySegment.ofArray(out));
        return out;
    }

    public long[] toLongArray() {
        long[] out = new long[Math.toIntExact(numel())];
        copyConverted(DType.INT64, MemorySegment.ofArray(out));
        return out;
    }

    public int[] toIntArray() {
        int[] out = new int[Math.toIntExact(numel())];
        copyConverted(DType.INT32, MemorySegment.ofArray(out));
        return out;
    }

    /** The value of a one-element tensor as a double. */
    public double item() {
        if (numel() != 1) {
            throw new IllegalStateException("item() needs a one-element tensor, this is " + describe());
        }
        return toDoubleArray()[0];
    }

    /** Copies the elements, C-contiguous and of this tensor's dtype, into {@code target} (exactly the right size). */
    public void copyTo(MemorySegment target) {
        MemorySegment h = handle();
        if (target.isNative()) {
            Native.check(repbench_torch_h.rb_tensor_copy_to_host(h, target, target.byteSize()), "copying " + describe() + " to host memory");
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment staging = arena.allocate(target.byteSize(), 64);
            Native.check(repbench_torch_h.rb_tensor_copy_to_host(h, staging, staging.byteSize()), "copying " + describe() + " to host memory");
            target.copyFrom(staging);
        }
    }

    /**
     * The elements of a contiguous CPU tensor in place, without a copy. The view is valid only while this
     * tensor is open; it is not usable after {@link #close()} or its scope closes.
     */
    public MemorySegment data() {
        MemorySegment h = handle();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            Native.check(repbench_torch_h.rb_tensor_data_ptr(h, out), "viewing the data of " + describe());
            return out.get(ValueLayout.ADDRESS, 0).reinterpret(numel() * dtype().byteSize());
        }
    }

    private void copyConverted(DType type, MemorySegment target) {
        if (dtype() == type) {
            copyTo(target);
            return;
        }
        try (Scope s = Scope.open()) {
            to(type).copyTo(target);
        }
    }

    // ---------------------------------------------------------------- autograd

    /** Marks this (leaf) tensor as requiring gradients; returns it. */
    public Tensor requiresGrad(boolean requiresGrad) {
        Native.check(repbench_torch_h.rb_tensor_set_requires_grad(handle(), requiresGrad ? 1 : 0), "setting requires_grad on " + describe());
        return this;
    }

    public boolean requiresGrad() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.JAVA_INT);
            Native.check(repbench_torch_h.rb_tensor_requires_grad(handle(), out), "reading requires_grad");
            return out.get(ValueLayout.JAVA_INT, 0) != 0;
        }
    }

    /** The accumulated gradient, as a new tensor in the current scope, or null when none was computed. */
    public Tensor grad() {
        Scope scope = Scope.current();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            Native.check(repbench_torch_h.rb_tensor_grad(handle(), out), "reading the gradient of " + describe());
            MemorySegment g = out.get(ValueLayout.ADDRESS, 0);
            return g.equals(MemorySegment.NULL) ? null : new Tensor(g, scope);
        }
    }

    /** Drops the accumulated gradient. */
    public void clearGrad() {
        Native.check(repbench_torch_h.rb_tensor_clear_grad(handle()), "clearing the gradient of " + describe());
    }

    /** Backpropagates from this scalar. */
    public void backward() {
        Native.check(repbench_torch_h.rb_backward(handle(), MemorySegment.NULL, 0), "backward from " + describe());
    }

    /** Backpropagates from this tensor with the given output gradient. */
    public void backward(Tensor gradient, boolean retainGraph) {
        Native.check(repbench_torch_h.rb_backward(handle(), gradient.handle(), retainGraph ? 1 : 0), "backward from " + describe());
    }

    /** The same data, cut from the autograd graph. */
    public Tensor detach() {
        return Aten.DETACH.call1(this);
    }

    // ---------------------------------------------------------------- arithmetic

    public Tensor add(Tensor other) {
        return Aten.ADD.call1(this, other);
    }

    public Tensor add(double value) {
        return Aten.ADD_SCALAR.call1(this, value);
    }

    public Tensor sub(Tensor other) {
        return Aten.SUB.call1(this, other);
    }

    public Tensor sub(double value) {
        return Aten.SUB_SCALAR.call1(this, value);
    }

    public Tensor mul(Tensor other) {
        return Aten.MUL.call1(this, other);
    }

    public Tensor mul(double value) {
        return Aten.MUL_SCALAR.call1(this, value);
    }

    public Tensor div(Tensor other) {
        return Aten.DIV.call1(this, other);
    }

    public Tensor div(double value) {
        return Aten.DIV_SCALAR.call1(this, value);
    }

    public Tensor neg() {
        return Aten.NEG.call1(this);
    }

    public Tensor pow(double exponent) {
        return Aten.POW.call1(this, exponent);
    }

    public Tensor sqrt() {
        return Aten.SQRT.call1(this);
    }

    public Tensor rsqrt() {
        return Aten.RSQRT.call1(this);
    }

    public Tensor exp() {
        return Aten.EXP.call1(this);
    }

    public Tensor log() {
        return Aten.LOG.call1(this);
    }

    public Tensor abs() {
        return Aten.ABS.call1(this);
    }

    public Tensor sign() {
        return Aten.SIGN.call1(this);
    }

    public Tensor clamp(double min, double max) {
        return Aten.CLAMP.call1(this, min, max);
    }

    public Tensor clampMin(double min) {
        return Aten.CLAMP.call1(this, min, null);
    }

    public Tensor maximum(Tensor other) {
        return Aten.MAXIMUM.call1(this, other);
    }

    public Tensor minimum(Tensor other) {
        return Aten.MINIMUM.call1(this, other);
    }

    public Tensor matmul(Tensor other) {
        return Aten.MATMUL.call1(this, other);
    }

    public Tensor mm(Tensor other) {
        return Aten.MM.call1(this, other);
    }

    public Tensor bmm(Tensor other) {
        return Aten.BMM.call1(this, other);
    }

    // ---------------------------------------------------------------- activations

    public Tensor relu() {
        return Aten.RELU.call1(this);
    }

    public Tensor sigmoid() {
        return Aten.SIGMOID.call1(this);
    }

    public Tensor tanh() {
        return Aten.TANH.call1(this);
    }

    public Tensor softmax(long dim) {
        return Aten.SOFTMAX.call1(this, dim, null);
    }

    public Tensor logSoftmax(long dim) {
        return Aten.LOG_SOFTMAX.call1(this, dim, null);
    }

    public Tensor logsumexp(long dim, boolean keepDim) {
        return Aten.LOGSUMEXP.call1(this, new long[] {dim}, keepDim);
    }

    // ---------------------------------------------------------------- reductions

    public Tensor sum() {
        return Aten.SUM.call1(this);
    }

    public Tensor sum(long dim, boolean keepDim) {
        return Aten.SUM_DIM.call1(this, new long[] {dim}, keepDim);
    }

    public Tensor sum(long[] dims, boolean keepDim) {
        return Aten.SUM_DIM.call1(this, dims, keepDim);
    }

    public Tensor mean() {
        return Aten.MEAN.call1(this);
    }

    public Tensor mean(long dim, boolean keepDim) {
        return Aten.MEAN_DIM.call1(this, new long[] {dim}, keepDim);
    }

    public Tensor mean(long[] dims, boolean keepDim) {
        return Aten.MEAN_DIM.call1(this, dims, keepDim);
    }

    /** Unbiased (n - 1) variance over {@code dims}. */
    public Tensor var(long[] dims, boolean keepDim) {
        return Aten.VAR_DIM.call1(this, dims, 1L, keepDim);
    }

    public Tensor max() {
        return Aten.MAX.call1(this);
    }

    public Tensor min() {
        return Aten.MIN.call1(this);
    }

    /** The maximum along {@code dim} (values only). */
    public Tensor max(long dim, boolean keepDim) {
        List<Object> r = Aten.MAX_DIM.call(this, dim, keepDim);
        ((Tensor) r.get(1)).close();
        return (Tensor) r.get(0);
    }

    public Tensor argmax(long dim, boolean keepDim) {
        return Aten.ARGMAX.call1(this, dim, keepDim);
    }

    /** The p-norm over {@code dims}. */
    public Tensor norm(double p, long[] dims, boolean keepDim) {
        return Aten.NORM_DIM.call1(this, p, dims, keepDim);
    }

    // ---------------------------------------------------------------- comparison

    public Tensor eq(Tensor other) {
        return Aten.EQ.call1(this, other);
    }

    public Tensor eq(double value) {
        return Aten.EQ_SCALAR.call1(this, value);
    }

    public Tensor gt(double value) {
        return Aten.GT_SCALAR.call1(this, value);
    }

    public Tensor lt(double value) {
        return Aten.LT_SCALAR.call1(this, value);
    }

    public boolean allClose(Tensor other, double rtol, double atol) {
        return (Boolean) Aten.ALLCLOSE.call(this, other, rtol, atol, false).getFirst();
    }

    // ---------------------------------------------------------------- shape and layout

    public Tensor reshape(long... shape) {
        return Aten.RESHAPE.call1(this, shape);
    }

    public Tensor view(long... shape) {
        return Aten.VIEW.call1(this, shape);
    }

    public Tensor flatten(long startDim, long endDim) {
        return Aten.FLATTEN.call1(this, startDim, endDim);
    }

    public Tensor permute(long... dims) {
        return Aten.PERMUTE.call1(this, dims);
    }

    public Tensor transpose(long dim0, long dim1) {
        return Aten.TRANSPOSE.call1(this, dim0, dim1);
    }

    /** The transpose of a matrix. */
    public Tensor t() {
        return transpose(0, 1);
    }

    public Tensor squeeze(long dim) {
        return Aten.SQUEEZE_DIM.call1(this, dim);
    }

    public Tensor unsqueeze(long dim) {
        return Aten.UNSQUEEZE.call1(this, dim);
    }

    public Tensor expand(long... shape) {
        return Aten.EXPAND.call1(this, shape);
    }

    public Tensor contiguous() {
        return Aten.CONTIGUOUS.call1(this);
    }

    /**
     * This 4-d tensor with channels-last strides (NHWC in memory, the same NCHW shape and values): the layout
     * oneDNN's convolutions run fastest in, and keep. Returns a new handle to the same tensor when it is already
     * channels-last, else a copy.
     */
    public Tensor toChannelsLast() {
        return Aten.CONTIGUOUS.call1(this, (long) repbench_torch_h.RB_MEMORY_CHANNELS_LAST());
    }

    public Tensor clone() {
        return Aten.CLONE.call1(this);
    }

    public Tensor to(DType dtype) {
        return Aten.TO_DTYPE.call1(this, dtype);
    }

    public Tensor to(Device device) {
        return Aten.TO_DEVICE.call1(this, device, dtype());
    }

    /** Elements {@code start … start+length-1} along {@code dim} (a view). */
    public Tensor narrow(long dim, long start, long length) {
        return Aten.NARROW.call1(this, dim, start, length);
    }

    /** The slice at {@code index} along {@code dim}, with that dimension removed (a view). */
    public Tensor select(long dim, long index) {
        return Aten.SELECT.call1(this, dim, index);
    }

    public Tensor indexSelect(long dim, Tensor index) {
        return Aten.INDEX_SELECT.call1(this, dim, index);
    }

    public Tensor gather(long dim, Tensor index) {
        return Aten.GATHER.call1(this, dim, index);
    }

    /** Splits into {@code chunks} pieces along {@code dim}. */
    public List<Tensor> chunk(long chunks, long dim) {
        return Aten.CHUNK.call(this, chunks, dim).stream().map(Tensor.class::cast).toList();
    }

    public Tensor roll(long shift, long dim) {
        return Aten.ROLL.call1(this, new long[] {shift}, new long[] {dim});
    }

    public Tensor flip(long... dims) {
        return Aten.FLIP.call1(this, dims);
    }

    // ---------------------------------------------------------------- in place

    /** this += alpha * other. */
    public Tensor addInPlace(Tensor other, double alpha) {
        Aten.ADD_.callInPlace(this, other, alpha);
        return this;
    }

    public Tensor mulInPlace(double value) {
        Aten.MUL_SCALAR_.callInPlace(this, value);
        return this;
    }

    public Tensor mulInPlace(Tensor other) {
        Aten.MUL_.callInPlace(this, other);
        return this;
    }

    public Tensor divInPlace(double value) {
        Aten.DIV_SCALAR_.callInPlace(this, value);
        return this;
    }

    /** this += value * a * b. */
    public Tensor addcmulInPlace(Tensor a, Tensor b, double value) {
        Aten.ADDCMUL_.callInPlace(this, a, b, value);
        return this;
    }

    /** this += value * a / b. */
    public Tensor addcdivInPlace(Tensor a, Tensor b, double value) {
        Aten.ADDCDIV_.callInPlace(this, a, b, value);
        return this;
    }

    public Tensor sqrtInPlace() {
        Aten.SQRT_.callInPlace(this);
        return this;
    }

    public Tensor clampInPlace(double min, double max) {
        Aten.CLAMP_.callInPlace(this, min, max);
        return this;
    }

    public Tensor copyFromInPlace(Tensor source) {
        Aten.COPY_.callInPlace(this, source);
        return this;
    }

    public Tensor zeroInPlace() {
        Aten.ZERO_.callInPlace(this);
        return this;
    }

    public Tensor fillInPlace(double value) {
        Aten.FILL_.callInPlace(this, value);
        return this;
    }

    /** Fills with uniform samples in [from, to). */
    public Tensor uniformInPlace(double from, double to) {
        Aten.UNIFORM_.callInPlace(this, from, to);
        return this;
    }

    /** Fills with normal samples. */
    public Tensor normalInPlace(double mean, double std) {
        Aten.NORMAL_.callInPlace(this, mean, std);
        return this;
    }

    // ---------------------------------------------------------------- ownership

    /** The native handle, for the bindings. Throws when the tensor was freed. */
    public MemorySegment handle() {
        if (freed) {
            throw new IllegalStateException("tensor used after close (its Scope was closed or close() was called)");
        }
        return handle;
    }

    /** A second handle to the same tensor (same storage, same autograd identity), owned by the current scope. */
    public Tensor alias() {
        Scope scope = Scope.current();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            Native.check(repbench_torch_h.rb_tensor_alias(handle(), out), "aliasing " + describe());
            return new Tensor(out.get(ValueLayout.ADDRESS, 0), scope);
        }
    }

    Scope owner() {
        return owner;
    }

    void moveTo(Scope scope) {
        handle();
        if (scope != owner) {
            scope.adopt(this);
            owner.forget(this);
            owner = scope;
        }
    }

    public boolean isClosed() {
        return freed;
    }

    void free() {
        if (!freed) {
            freed = true;
            repbench_torch_h.rb_tensor_free(handle);
        }
    }

    /** Frees the tensor now, before its scope closes. */
    @Override
    public void close() {
        if (!freed) {
            owner.forget(this);
            free();
        }
    }
}
