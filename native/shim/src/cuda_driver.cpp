// GPU facts from the CUDA driver API, reached through dlopen: libtorch's C++ API has no CUDA-free way to
// read a device's name, memory or compute capability, and the shim must build without CUDA headers.
// The driver API's C ABI is stable: CUresult and CUdevice are ints, the attribute codes are fixed.
#include <dlfcn.h>

#include <array>

#include "shim.h"

namespace {

using cuInit_t = int (*)(unsigned int);
using cuDriverGetVersion_t = int (*)(int*);
using cuDeviceGet_t = int (*)(int*, int);
using cuDeviceGetName_t = int (*)(char*, int, int);
using cuDeviceTotalMem_t = int (*)(size_t*, int);
using cuDeviceGetAttribute_t = int (*)(int*, int, int);

constexpr int kComputeCapabilityMajor = 75;  // CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR
constexpr int kComputeCapabilityMinor = 76;  // CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR

struct Driver {
  std::string problem;  // why the driver cannot be used; empty when it can
  cuDriverGetVersion_t driver_get_version = nullptr;
  cuDeviceGet_t device_get = nullptr;
  cuDeviceGetName_t device_get_name = nullptr;
  cuDeviceTotalMem_t device_total_mem = nullptr;
  cuDeviceGetAttribute_t device_get_attribute = nullptr;

  Driver() {
    // A CUDA libtorch has loaded libcuda.so.1 already when it counted the GPUs; the handle is never closed.
    void* library = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) {
      const char* why = dlerror();
      problem = std::string("the CUDA driver library libcuda.so.1 cannot be loaded") + (why ? std::string(": ") + why : "");
      return;
    }
    auto init = symbol<cuInit_t>(library, "cuInit");
    driver_get_version = symbol<cuDriverGetVersion_t>(library, "cuDriverGetVersion");
    device_get = symbol<cuDeviceGet_t>(library, "cuDeviceGet");
    device_get_name = symbol<cuDeviceGetName_t>(library, "cuDeviceGetName");
    device_total_mem = symbol<cuDeviceTotalMem_t>(library, "cuDeviceTotalMem_v2");
    device_get_attribute = symbol<cuDeviceGetAttribute_t>(library, "cuDeviceGetAttribute");
    if (!problem.empty()) return;
    if (int status = init(0); status != 0) problem = "cuInit failed with CUresult " + std::to_string(status);
  }

  template <class F>
  F symbol(void* library, const char* name) {
    void* address = dlsym(library, name);
    if (address == nullptr && problem.empty()) problem = std::string("libcuda.so.1 lacks ") + name;
    return reinterpret_cast<F>(address);
  }
};

const Driver& driver() {
  static const Driver instance;
  return instance;
}

void check(int status, const char* call, int index) {
  if (status != 0)
    throw rb::NoCudaError(std::string(call) + " failed for cuda:" + std::to_string(index) + " with CUresult " + std::to_string(status));
}

}  // namespace

int rb::cuda_driver_version() {
  const Driver& d = driver();
  int version = 0;
  if (d.driver_get_version == nullptr || d.driver_get_version(&version) != 0) return 0;
  return version;
}

rb::CudaDeviceProperties rb::cuda_device_properties(int index) {
  std::string unavailable = rb::cuda_unavailable(index);
  if (!unavailable.empty()) throw rb::NoCudaError(unavailable);
  const Driver& d = driver();
  if (!d.problem.empty()) throw rb::NoCudaError("cuda:" + std::to_string(index) + ": " + d.problem);
  int device = 0;
  check(d.device_get(&device, index), "cuDeviceGet", index);
  std::array<char, 256> name{};
  check(d.device_get_name(name.data(), static_cast<int>(name.size()), device), "cuDeviceGetName", index);
  size_t bytes = 0;
  check(d.device_total_mem(&bytes, device), "cuDeviceTotalMem", index);
  rb::CudaDeviceProperties properties;
  check(d.device_get_attribute(&properties.major, kComputeCapabilityMajor, device), "cuDeviceGetAttribute", index);
  check(d.device_get_attribute(&properties.minor, kComputeCapabilityMinor, device), "cuDeviceGetAttribute", index);
  properties.name = name.data();
  properties.total_memory = static_cast<int64_t>(bytes);
  return properties;
}
