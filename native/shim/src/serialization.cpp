// Checkpoints written in PyTorch's own torch.save format: a pickled dict of name -> tensor.
#include <fstream>

#include <torch/serialize.h>

#include "shim.h"

extern "C" {

int rb_save(const char* path, const char* const* names, const rb_tensor* tensors, int32_t count) {
  return rb::guarded([&] {
    rb::require(path != nullptr, "null path");
    rb::require(count >= 0 && (count == 0 || (names != nullptr && tensors != nullptr)), "bad tensor list");
    c10::Dict<std::string, at::Tensor> dict;
    for (int32_t k = 0; k < count; ++k) {
      rb::require(names[k] != nullptr, "null name at index " + std::to_string(k));
      // Contiguous (NCHW): a checkpoint's bytes must not depend on the memory order a module trained in.
      dict.insert(names[k], rb::tensor(tensors[k]).detach().to(c10::kCPU).contiguous());
    }
    std::vector<char> bytes = torch::pickle_save(c10::IValue(dict));
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    if (!file) throw rb::IoError(std::string("cannot open ") + path + " for writing");
    file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    file.flush();
    if (!file) throw rb::IoError(std::string("write failed: ") + path);
  });
}



}  // extern "C"
