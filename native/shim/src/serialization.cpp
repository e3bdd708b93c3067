// Checkpoints in PyTorch's own torch.save format: a pickled dict of name -> tensor.
#include <fstream>
#include <iterator>

#include <torch/serialize.h>

#include "shim.h"

namespace {

struct State {
  std::vector<std::string> names;
  std::vector<at::Tensor> tensors;
};

void collect(const std::string& prefix, const c10::IValue& value, State& state) {
  if (value.isTensor()) {
    state.names.push_back(prefix);
    state.tensors.push_back(value.toTensor());
  } else if (value.isGenericDict()) {
    for (const auto& entry : value.toGenericDict()) {
      rb::require(entry.key().isString(), "checkpoint dict key under '" + prefix + "' is not a string");
      std::string key = entry.key().toStringRef();
      collect(prefix.empty() ? key : prefix + "." + key, entry.value(), state);
    }
  }
  // Other values (ints, strings: e.g. an 'epoch' entry) are not tensors and are skipped.
}

}  // namespace

extern "C" {

int rb_save(const char* path, const char* const* names, const rb_tensor* tensors, int32_t count) {
  return rb::guarded([&] {
    rb::require(path != nullptr, "null path");
    rb::require(count >= 0 && (count == 0 || (names != nullptr && tensors != nullptr)), "bad tensor list");
    c10::Dict<std::string, at::Tensor> dict;
    for (int32_t k = 0; k < count; ++k) {
      rb::require(names[k] != nullptr, "null name at index " + std::to_string(k));
      dict.insert(names[k], rb::tensor(tensors[k]).detach().to(c10::kCPU));
    }
    std::vector<char> bytes = torch::pickle_save(c10::IValue(dict));
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    if (!file) throw rb::IoError(std::string("cannot open ") + path + " for writing");
    file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    file.flush();
    if (!file) throw rb::IoError(std::string("write failed: ") + path);
  });
}

int rb_load(const char* path, rb_state* out) {
  return rb::guarded([&] {
    rb::require(path != nullptr, "null path");
    std::ifstream file(path, std::ios::binary);
    if (!file) throw rb::NotFoundError(std::string("cannot open ") + path);
    std::vector<char> bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    c10::IValue value;
    try {
      value = torch::pickle_load(bytes);
    } catch (const c10::Error& e) {
      throw rb::IoError(std::string(path) + " is not a torch.save checkpoint this libtorch can read: " + e.what_without_backtrace());
    }
    rb::require(value.isGenericDict(), std::string(path) + " holds a " + value.tagKind() + ", not a dict of tensors");
    auto state = std::make_unique<State>();
    collect("", value, *state);
    *out = reinterpret_cast<rb_state>(state.release());
  });
}

int32_t rb_state_size(rb_state state) {
  return state == nullptr ? -1 : static_cast<int32_t>(reinterpret_cast<State*>(state)->names.size());
}

const char* rb_state_name(rb_state state, int32_t index) {
  if (state == nullptr) return "";
  auto* s = reinterpret_cast<State*>(state);
  if (index < 0 || static_cast<size_t>(index) >= s->names.size()) return "";
  return s->names[index].c_str();
}

int rb_state_tensor(rb_state state, int32_t index, rb_tensor* out) {
  return rb::guarded([&] {
    rb::require(state != nullptr, "null state handle");
    auto* s = reinterpret_cast<State*>(state);
    rb::require(index >= 0 && static_cast<size_t>(index) < s->tensors.size(), "state index out of range: " + std::to_string(index));
    *out = rb::wrap(s->tensors[index]);
  });
}

void rb_state_free(rb_state state) { delete reinterpret_cast<State*>(state); }

}  // extern "C"
