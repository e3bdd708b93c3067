// Process-wide settings: threads, seeds, determinism, grad mode, CUDA presence, versions.
#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <ATen/Version.h>
#include <torch/cuda.h>
#include <torch/version.h>

#include "shim.h"

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

int32_t rb_cuda_is_built(void) { return at::hasCUDA() ? 1 : 0; }

int rb_cuda_synchronize(int32_t device_index) {
  return rb::guarded([&] {
    if (torch::cuda::device_count() == 0) throw rb::NoCudaError("no CUDA device: " + std::string(at::hasCUDA() ? "no GPU on this machine" : "the linked libtorch was built without CUDA"));
    torch::cuda::synchronize(device_index);
  });
}

}  // extern "C"
