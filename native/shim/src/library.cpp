// Process-wide settings: threads, seeds, determinism, grad mode, CUDA presence, versions.
#include <algorithm>
#include <cstring>

#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <ATen/Version.h>
#include <ATen/detail/CUDAHooksInterface.h>
#include <torch/cuda.h>
#include <torch/version.h>

#include "shim.h"

// libtorch's CUDA hooks are a CPU-side interface: the CUDA library replaces the defaults when it is loaded.
// at::hasCUDA() asks for a GPU as well, so it cannot tell a CUDA build on a machine without one.
bool rb::cuda_built() {
  try {
    return at::detail::getCUDAHooks().hasCUDART();
  } catch (...) {
    return false;
  }
}

std::string rb::cuda_unavailable(int64_t index) {
  std::string device = "cuda:" + std::to_string(index);
  if (!cuda_built())
    return device + " asked, but the linked libtorch (" + TORCH_VERSION + ") is a CPU-only build";
  int64_t count = static_cast<int64_t>(torch::cuda::device_count());
  if (count == 0)
    return device + " asked, but the CUDA build of libtorch (" + TORCH_VERSION + ") sees no GPU on this machine";
  if (index < 0 || index >= count)
    return device + " asked, but libtorch sees " + std::to_string(count) + " GPU(s), cuda:0 to cuda:" + std::to_string(count - 1);
  return "";
}

extern "C" {

int32_t rb_abi_version(void) { return RB_ABI_VERSION; }

const char* rb_torch_version(void) { return TORCH_VERSION; }

const char* rb_build_config(void) {
  static const std::string config = [] {
    try {
      return at::show_config();
    } catch (...) {
      return std::string("unavailable");
    }
  }();
  return config.c_str();
}

int rb_set_num_threads(int32_t threads) {
  return rb::guarded([&] {
    rb::require(threads > 0, "thread count must be positive, got " + std::to_string(threads));
    at::set_num_threads(threads);
  });
}

int32_t rb_get_num_threads(void) { return at::get_num_threads(); }

int rb_manual_seed(uint64_t seed) {
  return rb::guarded([&] { torch::manual_seed(seed); });
}

int rb_set_deterministic(int32_t enabled) {
  return rb::guarded([&] { at::globalContext().setDeterministicAlgorithms(enabled != 0, false); });
}

int rb_set_grad_enabled(int32_t enabled) {
  return rb::guarded([&] { c10::GradMode::set_enabled(enabled != 0); });
}

int32_t rb_is_grad_enabled(void) { return c10::GradMode::is_enabled() ? 1 : 0; }

int32_t rb_cuda_device_count(void) {
  try {
    return static_cast<int32_t>(torch::cuda::device_count());
  } catch (...) {
    return 0;
  }
}

int32_t rb_cuda_is_built(void) { return rb::cuda_built() ? 1 : 0; }

int rb_cuda_synchronize(int32_t device_index) {
  return rb::guarded([&] {
    std::string unavailable = rb::cuda_unavailable(device_index);
    if (!unavailable.empty()) throw rb::NoCudaError(unavailable);
    torch::cuda::synchronize(device_index);
  });
}

int32_t rb_cuda_runtime_version(void) {
  try {
    const auto& hooks = at::detail::getCUDAHooks();
    return hooks.hasCUDART() ? static_cast<int32_t>(hooks.versionCUDART()) : 0;
  } catch (...) {
    return 0;
  }
}

int32_t rb_cudnn_version(void) {
  try {
    const auto& hooks = at::detail::getCUDAHooks();
    return hooks.hasCUDART() && hooks.compiledWithCuDNN() ? static_cast<int32_t>(hooks.versionCuDNN()) : 0;
  } catch (...) {
    return 0;
  }
}

int32_t rb_cuda_driver_version(void) {
  try {
    return rb::cuda_built() ? rb::cuda_driver_version() : 0;
  } catch (...) {
    return 0;
  }
}

int rb_cuda_device_properties(int32_t index, char* name, int32_t capacity, int64_t* total_memory, int32_t* major, int32_t* minor) {
  return rb::guarded([&] {
    rb::require(name != nullptr && capacity > 0, "the name buffer is null or empty");
    rb::require(total_memory != nullptr && major != nullptr && minor != nullptr, "null output pointer");
    rb::CudaDeviceProperties properties = rb::cuda_device_properties(index);
    size_t length = std::min(properties.name.size(), static_cast<size_t>(capacity) - 1);
    std::memcpy(name, properties.name.data(), length);
    name[length] = '\0';
    *total_memory = properties.total_memory;
    *major = properties.major;
    *minor = properties.minor;
  });
}

}  // extern "C"
