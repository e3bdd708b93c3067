/*
 * repbench_torch.h: the C surface of RepBench's libtorch shim.
 *
 * This header is the single source of truth for the native boundary. The Java
 * bindings in native/src/main/java/dev/repbench/torch/ffi/ follow it in jextract's
 * layout, and HeaderBindingsTest fails when the two disagree.
 *
 * Conventions
 *  - Every function that can fail returns an int status: RB_OK (0) or an RB_ERR_*
 *    code. The message of the last failure on the calling thread is returned by
 *    rb_last_error(). No C++ exception ever crosses this boundary.
 *  - Handles are opaque. A tensor handle returned through an out-parameter is owned
 *    by the caller and released exactly once with rb_tensor_free().
 *  - dtype codes are c10::ScalarType's numbering (RB_DTYPE_*); device types are
 *    c10::DeviceType's (RB_DEVICE_CPU, RB_DEVICE_CUDA).
 *  - Operators are reached through the dispatcher by schema name (rb_op_find) and
 *    called boxed (rb_op_call); autograd records through that path. Dedicated entry
 *    points exist only where the boxed path cannot serve.
 */
#ifndef REPBENCH_TORCH_H
#define REPBENCH_TORCH_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped whenever a signature or struct below changes. */
#define RB_ABI_VERSION 5

/* Status codes. */
#define RB_OK 0
#define RB_ERR_TORCH 1        /* libtorch raised (c10::Error or std::exception) */
#define RB_ERR_ARGUMENT 2     /* a bad argument caught by the shim itself */
#define RB_ERR_NOT_FOUND 3    /* no such operator, key or file */
#define RB_ERR_NO_CUDA 4      /* CUDA asked of a libtorch without CUDA or a machine without a GPU */
#define RB_ERR_IO 5           /* reading or writing a file failed */
#define RB_ERR_INTERNAL 6     /* anything else */

/* Scalar types (c10::ScalarType numbering). */
#define RB_DTYPE_UINT8 0
#define RB_DTYPE_INT8 1
#define RB_DTYPE_INT16 2
#define RB_DTYPE_INT32 3
#define RB_DTYPE_INT64 4
#define RB_DTYPE_FLOAT16 5
#define RB_DTYPE_FLOAT32 6
#define RB_DTYPE_FLOAT64 7
#define RB_DTYPE_BOOL 11
#define RB_DTYPE_BFLOAT16 15

/* Device types (c10::DeviceType numbering). */
#define RB_DEVICE_CPU 0
#define RB_DEVICE_CUDA 1

/* Kinds of a boxed value. */
#define RB_KIND_NONE 0
#define RB_KIND_TENSOR 1
#define RB_KIND_INT 2
#define RB_KIND_DOUBLE 3
#define RB_KIND_BOOL 4
#define RB_KIND_INT_LIST 5
#define RB_KIND_DOUBLE_LIST 6
#define RB_KIND_TENSOR_LIST 7
#define RB_KIND_STRING 8

/* Memory formats for rb_tensor_is_contiguous_as (c10::MemoryFormat numbering). */
#define RB_MEMORY_CONTIGUOUS 0
#define RB_MEMORY_CHANNELS_LAST 2

/* bf16 features of the CPU, bits of rb_cpu_bf16_features(). */
#define RB_CPU_AVX512_BF16 1  /* vdpbf16ps and bf16 conversions: oneDNN's native bf16 convolutions and matmuls */
#define RB_CPU_AMX_BF16 2     /* AMX tiles with bf16 */

typedef struct rb_tensor_s *rb_tensor;
typedef struct rb_op_s *rb_op;

/*
 * One argument or result of a boxed operator call (32 bytes).
 *  TENSOR: p is an rb_tensor (NULL = undefined tensor).
 *  INT, BOOL: i.  DOUBLE: d.
 *  INT_LIST: p points to `length` int64_t.  DOUBLE_LIST: p points to `length` doubles.
 *  TENSOR_LIST: p points to `length` rb_tensor (an element may be NULL for Tensor?[]).
 *  STRING: p points to a NUL-terminated UTF-8 string.
 *  NONE: an absent optional argument.
 * Arguments are converted to the types the operator's schema declares (an INT for a
 * float argument, an INT_LIST for SymInt[], ...); a kind the declared type cannot take
 * (a DOUBLE for int[], NONE for a non-optional argument, a dtype code out of range) is
 * RB_ERR_ARGUMENT. Trailing arguments left out take the schema's defaults. Results are flattened: a tuple or list of tensors becomes
 * one RB_KIND_TENSOR result per element, each a new handle owned by the caller.
 */
typedef struct rb_value {
    int32_t kind;
    int32_t length;
    int64_t i;
    double d;
    void *p;
} rb_value;

/* ---- library ---- */
int32_t rb_abi_version(void);
/* The message of the last failed call on this thread (empty if none). Valid until the next failing call. */
const char *rb_last_error(void);
/* libtorch's version string, e.g. "1.13.1". */
const char *rb_torch_version(void);
/* BLAS/LAPACK/oneDNN/OpenMP as libtorch reports them (at::show_config). */
const char *rb_build_config(void);
int rb_set_num_threads(int32_t threads);
int32_t rb_get_num_threads(void);
int rb_manual_seed(uint64_t seed);
/* Deterministic algorithms (at::globalContext().setDeterministicAlgorithms). */
int rb_set_deterministic(int32_t enabled);
/* Grad mode of the calling thread. */
int rb_set_grad_enabled(int32_t enabled);
int32_t rb_is_grad_enabled(void);
/* Number of CUDA devices the linked libtorch can use (0 on a CPU build or without a GPU). */
int32_t rb_cuda_device_count(void);
/* 1 when the linked libtorch is a CUDA build (its CUDA library is loaded), whatever the machine has. */
int32_t rb_cuda_is_built(void);
int rb_cuda_synchronize(int32_t device_index);
/* The CUDA runtime version the linked libtorch was built with, as CUDART_VERSION
   (1000 x major + 10 x minor: 12040 is 12.4); 0 on a CPU build. */
int32_t rb_cuda_runtime_version(void);
/* The cuDNN version the linked libtorch was built with, as CUDNN_VERSION (cuDNN 9 and later:
   10000 x major + 100 x minor + patch; cuDNN 8: 1000 x major + 100 x minor + patch); 0 when it has none. */
int32_t rb_cudnn_version(void);
/* The CUDA driver's version (cuDriverGetVersion, encoded like the runtime's); 0 on a CPU build or
   without a driver. */
int32_t rb_cuda_driver_version(void);
/* Device `index` (0 <= index < rb_cuda_device_count()) as the CUDA driver describes it: its name,
   NUL-terminated and cut to `capacity` bytes, its total memory in bytes and its compute capability.
   RB_ERR_NO_CUDA on a CPU build, without a GPU, for an index out of range or without the driver. */
int rb_cuda_device_properties(int32_t index, char *name, int32_t capacity, int64_t *total_memory, int32_t *major, int32_t *minor);

/* ---- autocast (automatic mixed precision), state of the calling thread ----
 * While autocast is enabled for a device type (RB_DEVICE_CPU or RB_DEVICE_CUDA), operators called on that device's
 * tensors pass through libtorch's Autocast dispatch key, which casts their inputs as libtorch's lists say (as in
 * PyTorch's torch.autocast): convolutions, linear layers and matmuls to the autocast dtype, losses and other
 * precision-sensitive operators to float32, the rest left in the dtype they get. Every piece of this state is
 * thread-local in libtorch, so it never leaks into another thread. */
/* Enables or disables autocast for a device type. RB_ERR_NO_CUDA when enabling CUDA autocast on a CPU-only build. */
int rb_autocast_set_enabled(int32_t device_type, int32_t enabled);
int rb_autocast_is_enabled(int32_t device_type, int32_t *out);
/* The dtype autocast lowers to: RB_DTYPE_BFLOAT16, or RB_DTYPE_FLOAT16 (on CPU only with libtorch 2.x). */
int rb_autocast_set_dtype(int32_t device_type, int32_t dtype);
int rb_autocast_get_dtype(int32_t device_type, int32_t *out);
/* Entering and leaving an autocast region (as torch.autocast's __enter__ and __exit__), writing the nesting depth
 * after the change to *depth (may be NULL). Leaving the outermost region clears the cache of casts of leaf tensors
 * (the weights' lower-precision copies), which are stale once an optimiser changes the weights. */
int rb_autocast_enter(int32_t *depth);
int rb_autocast_exit(int32_t *depth);
/* RB_CPU_* bits for the CPU's bf16 features (0 without AVX-512 or without OS support for it). */
int32_t rb_cpu_bf16_features(void);

/* ---- tensors ---- */
/* A new tensor holding a copy of `nbytes` bytes of host memory laid out C-contiguously. */
int rb_tensor_from_data(const void *data, int64_t nbytes, const int64_t *shape, int32_t ndim, int32_t dtype, rb_tensor *out);
/* An uninitialised tensor on a device. */
int rb_tensor_empty(const int64_t *shape, int32_t ndim, int32_t dtype, int32_t device_type, int32_t device_index, rb_tensor *out);
/* A second handle to the same tensor (shares storage and autograd identity). */
int rb_tensor_alias(rb_tensor t, rb_tensor *out);
void rb_tensor_free(rb_tensor t);
int32_t rb_tensor_ndim(rb_tensor t);
/* Writes min(ndim, capacity) sizes into `sizes`. */
int rb_tensor_sizes(rb_tensor t, int64_t *sizes, int32_t capacity);
int32_t rb_tensor_dtype(rb_tensor t);
int rb_tensor_device(rb_tensor t, int32_t *device_type, int32_t *device_index);
int rb_tensor_is_contiguous_as(rb_tensor t, int32_t memory_format, int32_t *out);
/* Copies the tensor's elements, C-contiguous, to host memory of exactly `nbytes`. */
int rb_tensor_copy_to_host(rb_tensor t, void *dst, int64_t nbytes);
/* The address of a contiguous CPU tensor's first element (no copy). RB_ERR_ARGUMENT otherwise. */
int rb_tensor_data_ptr(rb_tensor t, void **out);

/* ---- autograd ---- */
int rb_tensor_requires_grad(rb_tensor t, int32_t *out);
int rb_tensor_set_requires_grad(rb_tensor t, int32_t requires_grad);
/* The accumulated gradient as a new handle, or *out = NULL when there is none. */
int rb_tensor_grad(rb_tensor t, rb_tensor *out);
/* Drops the accumulated gradient (like `p.grad = None`). */
int rb_tensor_clear_grad(rb_tensor t);
/* Backpropagates from `t`; `gradient` may be NULL for a scalar `t`. */
int rb_backward(rb_tensor t, rb_tensor gradient, int32_t retain_graph);

/* ---- operators through the dispatcher ---- */
/* Finds an operator by schema name and overload ("" for none), e.g. ("aten::add", "Tensor"). */
int rb_op_find(const char *name, const char *overload, rb_op *out);
/* The operator's schema as text, e.g. "aten::add.Tensor(Tensor self, Tensor other, *, Scalar alpha=1) -> Tensor". */
const char *rb_op_schema(rb_op op);
/* Calls the operator boxed. Writes up to `capacity` results to `results` and their count to *count. */
int rb_op_call(rb_op op, const rb_value *args, int32_t nargs, rb_value *results, int32_t capacity, int32_t *count);
/* How many operators the dispatcher knows by schema. */
int32_t rb_op_registered_count(void);

/* ---- optimizers ---- */
/*
 * One Adam (or AdamW) update of one parameter tensor in place, with exactly PyTorch's single-tensor rule
 * (torch.optim.adam._single_tensor_adam, not capturable, without AMSGrad): the operators the Java op sequence
 * calls, in its order, in one call, so the results are bit-identical to it on any device and dtype. With
 * g = gradient, m = exp_avg, v = exp_avg_sq (both updated in place) and w = parameter:
 *   weight_decay != 0 and decoupled_weight_decay (AdamW):  w = w * (1 - lr * weight_decay)
 *   weight_decay != 0 otherwise (Adam's L2):               g = g + weight_decay * w
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g * g
 *   w = w - (lr / bias_correction1) * m / (sqrt(v) / sqrt(bias_correction2) + eps)
 * bias_correction1 = 1 - beta1^t and bias_correction2 = 1 - beta2^t at the parameter's step t (from 1), computed
 * by the caller. Runs without recording autograd history. All four tensors must have one shape
 * (RB_ERR_ARGUMENT otherwise); a failing operator (RB_ERR_TORCH) may leave the tensors partly updated, as the
 * op sequence would.
 */
int rb_adam_step(rb_tensor parameter, rb_tensor gradient, rb_tensor exp_avg, rb_tensor exp_avg_sq, double lr, double beta1, double beta2, double eps, double weight_decay, int32_t decoupled_weight_decay, double bias_correction1, double bias_correction2);

/* ---- serialization: PyTorch's torch.save format, a dict of name -> tensor ---- */
/* Writes `count` named tensors to `path` (copied to the CPU and made contiguous first, so channels-last tensors are
   saved as NCHW ones). The caller renames for atomicity. */
int rb_save(const char *path, const char *const *names, const rb_tensor *tensors, int32_t count);
/* Reading is done in Java (dev.repbench.torch.io.TorchSaveReader): libtorch 1.13's C++ unpickler cannot read
   collections.OrderedDict, which is what model.state_dict() returns. */

/* ---- benchmarking ---- */
/* at::add called directly, bypassing the boxed path: the baseline for the dispatcher overhead benchmark. */
int rb_bench_add_direct(rb_tensor a, rb_tensor b, rb_tensor *out);
/* Measures the CPU's float32 FMA throughput with independent FMA chains on `threads` threads for about
   `seconds` (AVX-512 where the CPU has it, else AVX2): the peak the training benchmark reports against. */
int rb_bench_fma_peak(int32_t threads, double seconds, double *gflops);
/* Measures the CPU's bf16 dot-product throughput (vdpbf16ps: two bf16 products added into each fp32 lane, counted
   as 4 flops a lane) the same way: the ceiling of bf16 convolutions. RB_ERR_ARGUMENT without AVX512_BF16. */
int rb_bench_bf16_dot_peak(int32_t threads, double seconds, double *gflops);

#ifdef __cplusplus
}
#endif

#endif /* REPBENCH_TORCH_H */
