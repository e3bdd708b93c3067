// Optimizer updates done in one call: the same libtorch operators, in the same order, that the Java op sequence
// calls one FFM downcall at a time (so the results are bit-identical), without the per-operator boxing,
// marshalling and temporaries' handles.
#include <cmath>

#include "shim.h"

extern "C" {

int rb_adam_step(rb_tensor parameter, rb_tensor gradient, rb_tensor exp_avg, rb_tensor exp_avg_sq, double lr,
                 double beta1, double beta2, double eps, double weight_decay, int32_t decoupled_weight_decay,
                 double bias_correction1, double bias_correction2) {
  return rb::guarded([&] {
    at::Tensor& p = rb::tensor(parameter, "parameter");
    const at::Tensor& grad = rb::tensor(gradient, "gradient");
    at::Tensor& m = rb::tensor(exp_avg, "exp_avg");
    at::Tensor& v = rb::tensor(exp_avg_sq, "exp_avg_sq");
    // In-place operators would broadcast a smaller tensor silently: insist on one shape.
    rb::require(grad.sizes() == p.sizes() && m.sizes() == p.sizes() && v.sizes() == p.sizes(),
                "rb_adam_step: parameter " + c10::str(p.sizes()) + ", gradient " + c10::str(grad.sizes()) + ", exp_avg " +
                    c10::str(m.sizes()) + " and exp_avg_sq " + c10::str(v.sizes()) + " must have one shape");
    rb::require(bias_correction1 > 0 && bias_correction2 > 0, "rb_adam_step: bias corrections must be positive (1 - beta^t, t >= 1)");
    at::NoGradGuard no_grad;

    // Weight decay: AdamW shrinks the parameter, Adam adds the L2 term to the gradient (a new tensor).
    at::Tensor g = grad;
    if (weight_decay != 0) {
      if (decoupled_weight_decay != 0) {
        p.mul_(1 - lr * weight_decay);
      } else {
        g = at::add(grad, p, weight_decay);
      }
    }
    // torch.optim.adam._single_tensor_adam (not capturable, no AMSGrad), operator for operator.
    m.mul_(beta1).add_(g, 1 - beta1);
    v.mul_(beta2).addcmul_(g, g, 1 - beta2);
    const double step_size = lr / bias_correction1;
    at::Tensor denominator = v.sqrt();
    denominator.div_(std::sqrt(bias_correction2)).add_(eps);
    p.addcdiv_(m, denominator, -step_size);
  });
}

}  // extern "C"
