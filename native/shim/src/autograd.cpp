// The autograd entry points the boxed operator path cannot express.
#include "shim.h"

extern "C" {

int rb_tensor_requires_grad(rb_tensor t, int32_t* out) {
  return rb::guarded([&] { *out = rb::tensor(t).requires_grad() ? 1 : 0; });
}

int rb_tensor_set_requires_grad(rb_tensor t, int32_t requires_grad) {
  return rb::guarded([&] { rb::tensor(t).set_requires_grad(requires_grad != 0); });
}

int rb_tensor_grad(rb_tensor t, rb_tensor* out) {
  return rb::guarded([&] {
    const at::Tensor& g = rb::tensor(t).grad();
    *out = g.defined() ? rb::wrap(g) : nullptr;
  });
}

int rb_tensor_clear_grad(rb_tensor t) {
  return rb::guarded([&] { rb::tensor(t).mutable_grad() = at::Tensor(); });
}

int rb_backward(rb_tensor t, rb_tensor gradient, int32_t retain_graph) {
  return rb::guarded([&] {
    at::Tensor& root = rb::tensor(t);
    rb::require(root.requires_grad(), "backward() on a tensor that does not require grad (shape " + c10::str(root.sizes()) +
                                          "): no input of its graph has requiresGrad, or it was computed under noGrad");
    at::Tensor g = gradient == nullptr ? at::Tensor() : rb::tensor(gradient, "gradient");
    root.backward(g, retain_graph != 0 ? c10::optional<bool>(true) : c10::nullopt);
  });
}

}  // extern "C"
