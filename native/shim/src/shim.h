// Internal helpers shared by the shim's translation units: handle casts and the error guard.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

#include <torch/torch.h>

#include "repbench_torch.h"

namespace rb {

// Failures the shim detects itself; each maps to one status code.
struct ArgumentError : std::runtime_error { using std::runtime_error::runtime_error; };
struct NotFoundError : std::runtime_error { using std::runtime_error::runtime_error; };
struct NoCudaError : std::runtime_error { using std::runtime_error::runtime_error; };
struct IoError : std::runtime_error { using std::runtime_error::runtime_error; };

void set_error(const std::string& message);

// CUDA facts that need no CUDA headers (library.cpp): whether the linked libtorch is a CUDA build, and
// the reason a CUDA device cannot be used ("" when cuda:index can).
bool cuda_built();
std::string cuda_unavailable(int64_t index);

// The CUDA driver API reached through dlopen (cuda_driver.cpp): no CUDA headers or libraries at build time.
int cuda_driver_version();
struct CudaDeviceProperties {
  std::string name;
  int64_t total_memory = 0;
  int major = 0;
  int minor = 0;
};
CudaDeviceProperties cuda_device_properties(int index);

inline at::Tensor& tensor(rb_tensor handle, const char* what = "tensor") {
  if (handle == nullptr) throw ArgumentError(std::string("null ") + what + " handle");
  return *reinterpret_cast<at::Tensor*>(handle);
}

inline rb_tensor wrap(at::Tensor t) { return reinterpret_cast<rb_tensor>(new at::Tensor(std::move(t))); }

inline void require(bool condition, const std::string& message) {
  if (!condition) throw ArgumentError(message);
}

// Runs `body`, turning every C++ exception into a status code and a thread-local message:
// an exception that escaped into the JVM would abort it.
template <class Body>
int guarded(Body&& body) noexcept {
  try {
    body();
    return RB_OK;
  } catch (const ArgumentError& e) {
    set_error(e.what());
    return RB_ERR_ARGUMENT;
  } catch (const NotFoundError& e) {
    set_error(e.what());
    return RB_ERR_NOT_FOUND;
  } catch (const NoCudaError& e) {
    set_error(e.what());
    return RB_ERR_NO_CUDA;
  } catch (const IoError& e) {
    set_error(e.what());
    return RB_ERR_IO;
  } catch (const c10::Error& e) {
    set_error(e.what_without_backtrace());
    return RB_ERR_TORCH;
  } catch (const std::exception& e) {
    set_error(e.what());
    return RB_ERR_TORCH;
  } catch (...) {
    set_error("unknown C++ exception in the libtorch shim");
    return RB_ERR_INTERNAL;
  }
}

}  // namespace rb
