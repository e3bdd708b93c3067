// Tensor creation, inspection and host copies.
#include <cstring>

#include "shim.h"

namespace {

c10::ScalarType scalar_type(int32_t dtype) {
  switch (dtype) {
    case RB_DTYPE_UINT8: case RB_DTYPE_INT8: case RB_DTYPE_INT16: case RB_DTYPE_INT32: case RB_DTYPE_INT64:
    case RB_DTYPE_FLOAT16: case RB_DTYPE_FLOAT32: case RB_DTYPE_FLOAT64: case RB_DTYPE_BOOL: case RB_DTYPE_BFLOAT16:
      return static_cast<c10::ScalarType>(dtype);
    default:
      throw rb::ArgumentError("unsupported dtype code " + std::to_string(dtype));
  }
}

std::vector<int64_t> shape_of(const int64_t* shape, int32_t ndim) {
  rb::require(ndim >= 0 && ndim <= 16, "ndim must be in [0, 16], got " + std::to_string(ndim));
  rb::require(ndim == 0 || shape != nullptr, "null shape");
  std::vector<int64_t> sizes(shape, shape + ndim);
  for (int64_t s : sizes) rb::require(s >= 0, "negative dimension in shape " + c10::str(c10::IntArrayRef(sizes)));
  return sizes;
}

c10::Device device_of(int32_t type, int32_t index) {
  if (type == RB_DEVICE_CPU) return c10::Device(c10::kCPU);
  if (type == RB_DEVICE_CUDA) {
    std::string unavailable = rb::cuda_unavailable(index);
    if (!unavailable.empty()) throw rb::NoCudaError(unavailable);
    return c10::Device(c10::kCUDA, static_cast<c10::DeviceIndex>(index));
  }
  throw rb::ArgumentError("unsupported device type code " + std::to_string(type));
}

}  // namespace

// Shared with the operator bridge: a Device argument arrives as text ("cpu", "cuda:1").
namespace rb {
c10::Device parse_device(const std::string& text) {
  c10::Device d(text);
  return device_of(d.is_cuda() ? RB_DEVICE_CUDA : RB_DEVICE_CPU, d.has_index() ? d.index() : 0);
}
}  // namespace rb

extern "C" {

int rb_tensor_from_data(const void* data, int64_t nbytes, const int64_t* shape, int32_t ndim, int32_t dtype, rb_tensor* out) {
  return rb::guarded([&] {
    auto sizes = shape_of(shape, ndim);
    auto type = scalar_type(dtype);
    at::Tensor t = at::empty(sizes, at::TensorOptions().dtype(type));
    int64_t expected = t.numel() * static_cast<int64_t>(c10::elementSize(type));
    rb::require(nbytes == expected, "shape " + c10::str(c10::IntArrayRef(sizes)) + " of " + std::string(c10::toString(type)) +
                                        " needs " + std::to_string(expected) + " bytes, got " + std::to_string(nbytes));
    rb::require(expected == 0 || data != nullptr, "null data");
    if (expected > 0) std::memcpy(t.data_ptr(), data, static_cast<size_t>(expected));
    *out = rb::wrap(std::move(t));
  });
}

int rb_tensor_empty(const int64_t* shape, int32_t ndim, int32_t dtype, int32_t device_type, int32_t device_index, rb_tensor* out) {
  return rb::guarded([&] {
    auto options = at::TensorOptions().dtype(scalar_type(dtype)).device(device_of(device_type, device_index));
    *out = rb::wrap(at::empty(shape_of(shape, ndim), options));
  });
}

int rb_tensor_alias(rb_tensor t, rb_tensor* out) {
  return rb::guarded([&] { *out = rb::wrap(rb::tensor(t)); });
}

void rb_tensor_free(rb_tensor t) { delete reinterpret_cast<at::Tensor*>(t); }

int32_t rb_tensor_ndim(rb_tensor t) {
  if (t == nullptr) return -1;
  return static_cast<int32_t>(rb::tensor(t).dim());
}

int rb_tensor_sizes(rb_tensor t, int64_t* sizes, int32_t capacity) {
  return rb::guarded([&] {
    auto s = rb::tensor(t).sizes();
    for (int32_t i = 0; i < capacity && i < static_cast<int32_t>(s.size()); ++i) sizes[i] = s[i];
  });
}

int32_t rb_tensor_dtype(rb_tensor t) {
  if (t == nullptr) return -1;
  return static_cast<int32_t>(rb::tensor(t).scalar_type());
}

int rb_tensor_device(rb_tensor t, int32_t* device_type, int32_t* device_index) {
  return rb::guarded([&] {
    auto d = rb::tensor(t).device();
    *device_type = static_cast<int32_t>(d.type());
    *device_index = d.has_index() ? d.index() : 0;
  });
}

int rb_tensor_is_contiguous_as(rb_tensor t, int32_t memory_format, int32_t* out) {
  return rb::guarded([&] {
    rb::require(memory_format == RB_MEMORY_CONTIGUOUS || memory_format == RB_MEMORY_CHANNELS_LAST,
                "unsupported memory format code " + std::to_string(memory_format));
    *out = rb::tensor(t).is_contiguous(static_cast<c10::MemoryFormat>(memory_format)) ? 1 : 0;
  });
}

int rb_tensor_copy_to_host(rb_tensor t, void* dst, int64_t nbytes) {
  return rb::guarded([&] {
    at::Tensor source = rb::tensor(t);
    int64_t expected = source.numel() * static_cast<int64_t>(source.element_size());
    rb::require(nbytes == expected, "tensor of shape " + c10::str(source.sizes()) + " holds " + std::to_string(expected) +
                                        " bytes, destination has " + std::to_string(nbytes));
    if (expected == 0) return;
    rb::require(dst != nullptr, "null destination");
    at::Tensor host = source.detach().to(c10::kCPU).contiguous();
    std::memcpy(dst, host.data_ptr(), static_cast<size_t>(expected));
  });
}

int rb_tensor_data_ptr(rb_tensor t, void** out) {
  return rb::guarded([&] {
    at::Tensor& source = rb::tensor(t);
    rb::require(source.device().is_cpu(), "data_ptr needs a CPU tensor, this one is on " + source.device().str());
    rb::require(source.is_contiguous(), "data_ptr needs a contiguous tensor; call contiguous() first");
    *out = source.data_ptr();
  });
}

}  // extern "C"
