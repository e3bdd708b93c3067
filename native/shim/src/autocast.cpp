// Autocast (automatic mixed precision) of the calling thread, and what the CPU offers for bf16.
//
// libtorch's autocast is thread-local state: an "enabled" flag per device type that puts the Autocast
// dispatch key (AutocastCPU, Autocast for CUDA) in the thread's included keys, the lower-precision dtype per
// device type, a nesting depth, and a cache of casts of leaf tensors (the weights). Operators called through
// the dispatcher, boxed as the shim calls them, pass through that key and are cast as libtorch's lists say,
// exactly as in PyTorch.
//
// The API moved in libtorch 2.4: per-device functions (set_cpu_enabled, set_autocast_cpu_dtype, set_enabled
// for CUDA, ...) became set_autocast_enabled(device_type, ...) / set_autocast_dtype(device_type, ...), the old
// ones deprecated and later removed. Both are reached below through one pair of helpers.
#include <cpuid.h>

#include <ATen/autocast_mode.h>
#include <torch/version.h>

#include "shim.h"

#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
#define RB_AUTOCAST_BY_DEVICE_TYPE 1
#else
#define RB_AUTOCAST_BY_DEVICE_TYPE 0
#endif

namespace {

c10::DeviceType autocast_device(int32_t device_type) {
  switch (device_type) {
    case RB_DEVICE_CPU: return c10::DeviceType::CPU;
    case RB_DEVICE_CUDA: return c10::DeviceType::CUDA;
    default: throw rb::ArgumentError("autocast: unsupported device type code " + std::to_string(device_type));
  }
}

bool autocast_enabled(c10::DeviceType device) {
#if RB_AUTOCAST_BY_DEVICE_TYPE
  return at::autocast::is_autocast_enabled(device);
#else
  return device == c10::DeviceType::CPU ? at::autocast::is_cpu_enabled() : at::autocast::is_enabled();
#endif
}

void set_autocast_enabled(c10::DeviceType device, bool enabled) {
#if RB_AUTOCAST_BY_DEVICE_TYPE
  at::autocast::set_autocast_enabled(device, enabled);
#else
  if (device == c10::DeviceType::CPU) {
    at::autocast::set_cpu_enabled(enabled);
  } else {
    at::autocast::set_enabled(enabled);
  }
#endif
}

at::ScalarType autocast_dtype(c10::DeviceType device) {
#if RB_AUTOCAST_BY_DEVICE_TYPE
  return at::autocast::get_autocast_dtype(device);
#else
  return device == c10::DeviceType::CPU ? at::autocast::get_autocast_cpu_dtype() : at::autocast::get_autocast_gpu_dtype();
#endif
}

void set_autocast_dtype(c10::DeviceType device, at::ScalarType dtype) {
#if RB_AUTOCAST_BY_DEVICE_TYPE
  at::autocast::set_autocast_dtype(device, dtype);
#else
  if (device == c10::DeviceType::CPU) {
    at::autocast::set_autocast_cpu_dtype(dtype);
  } else {
    at::autocast::set_autocast_gpu_dtype(dtype);
  }
#endif
}

// The dtypes autocast can lower to. libtorch 1.13's CPU autocast has kernels for bf16 only (PyTorch refuses
// fp16 there in Python, and the C++ side would fail later, inside a convolution); 2.x added fp16 on CPU.
at::ScalarType lower_precision_dtype(c10::DeviceType device, int32_t dtype) {
  if (dtype == RB_DTYPE_BFLOAT16) return at::kBFloat16;
  if (dtype == RB_DTYPE_FLOAT16) {
#if TORCH_VERSION_MAJOR < 2
    if (device == c10::DeviceType::CPU)
      throw rb::ArgumentError(std::string("CPU autocast to float16 needs libtorch 2.x; this is ") + TORCH_VERSION +
                              ": use bfloat16");
#endif
    return at::kHalf;
  }
  throw rb::ArgumentError("autocast lowers to bfloat16 or float16, not dtype code " + std::to_string(dtype));
}

}  // namespace

extern "C" {

int rb_autocast_set_enabled(int32_t device_type, int32_t enabled) {
  return rb::guarded([&] {
    c10::DeviceType device = autocast_device(device_type);
    // Enabling CUDA autocast on a CPU build would silently do nothing: say so instead. Disabling is always fine.
    if (enabled != 0 && device == c10::DeviceType::CUDA && !rb::cuda_built())
      throw rb::NoCudaError(std::string("CUDA autocast asked, but the linked libtorch (") + TORCH_VERSION +
                            ") is a CPU-only build");
    set_autocast_enabled(device, enabled != 0);
  });
}

int rb_autocast_is_enabled(int32_t device_type, int32_t* out) {
  return rb::guarded([&] {
    rb::require(out != nullptr, "null output pointer");
    *out = autocast_enabled(autocast_device(device_type)) ? 1 : 0;
  });
}

int rb_autocast_set_dtype(int32_t device_type, int32_t dtype) {
  return rb::guarded([&] {
    c10::DeviceType device = autocast_device(device_type);
    set_autocast_dtype(device, lower_precision_dtype(device, dtype));
  });
}

int rb_autocast_get_dtype(int32_t device_type, int32_t* out) {
  return rb::guarded([&] {
    rb::require(out != nullptr, "null output pointer");
    *out = static_cast<int32_t>(autocast_dtype(autocast_device(device_type)));
  });
}

int rb_autocast_enter(int32_t* depth) {
  return rb::guarded([&] {
    int now = at::autocast::increment_nesting();
    if (depth != nullptr) *depth = now;
  });
}

int rb_autocast_exit(int32_t* depth) {
  return rb::guarded([&] {
    int now = at::autocast::decrement_nesting();
    // As torch.autocast.__exit__: the cast copies of the weights are valid only until the weights change,
    // that is until the optimiser steps, which happens outside autocast.
    if (now == 0) at::autocast::clear_cache();
    if (depth != nullptr) *depth = now;
  });
}

int32_t rb_cpu_bf16_features(void) {
  // AVX-512 code needs the OS to save its registers; GCC's check includes that (XGETBV).
  if (!__builtin_cpu_supports("avx512f")) return 0;
  unsigned int eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
  int32_t features = 0;
  if (edx & (1u << 22)) features |= RB_CPU_AMX_BF16;  // CPUID.(7,0):EDX[22] AMX-BF16
  const unsigned int subleaves = eax;
  if (subleaves >= 1 && __get_cpuid_count(7, 1, &eax, &ebx, &ecx, &edx) && (eax & (1u << 5)))
    features |= RB_CPU_AVX512_BF16;  // CPUID.(7,1):EAX[5] AVX512_BF16
  return features;
}

}  // extern "C"
