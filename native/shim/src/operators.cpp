// The boxed bridge into libtorch's operator dispatcher: find an operator by schema name,
// convert rb_values to IValues by the schema's declared types, call, flatten the results.
#include <ATen/core/dispatch/Dispatcher.h>

#include "shim.h"

namespace rb {
c10::Device parse_device(const std::string& text);
}

namespace {

struct Operator {
  c10::OperatorHandle handle;
  std::string schema;
};

const Operator& op_of(rb_op op) {
  if (op == nullptr) throw rb::ArgumentError("null operator handle");
  return *reinterpret_cast<const Operator*>(op);
}

// The declared type with Optional[...] peeled off.
c10::TypePtr unwrap_optional(const c10::TypePtr& type) {
  if (auto optional = type->cast<c10::OptionalType>()) return optional->getElementType();
  return type;
}

std::string describe(const c10::Argument& arg) { return "'" + arg.name() + "' (" + arg.type()->str() + ")"; }

const char* kind_name(int32_t kind) {
  switch (kind) {
    case RB_KIND_NONE: return "None";
    case RB_KIND_TENSOR: return "tensor";
    case RB_KIND_INT: return "integer";
    case RB_KIND_DOUBLE: return "float";
    case RB_KIND_BOOL: return "bool";
    case RB_KIND_INT_LIST: return "integer list";
    case RB_KIND_DOUBLE_LIST: return "float list";
    case RB_KIND_TENSOR_LIST: return "tensor list";
    case RB_KIND_STRING: return "string";
    default: return "unknown kind";
  }
}

// The element kind of a list type (Optional peeled), or NoneType when `type` is not a list.
c10::TypeKind element_kind(const c10::TypePtr& type) {
  auto list = type->cast<c10::ListType>();
  return list ? unwrap_optional(list->getElementType())->kind() : c10::TypeKind::NoneType;
}

// Whether a value of `kind` can be passed for an argument of declared (fake, Optional-peeled) type `type`.
// Anything else would reach libtorch's IValue accessors, which fail with an internal assert (or worse).
bool accepts(int32_t kind, const c10::TypePtr& type, const c10::Argument& arg) {
  c10::TypeKind t = type->kind();
  if (t == c10::TypeKind::AnyType) return true;
  switch (kind) {
    case RB_KIND_NONE: return arg.type()->kind() == c10::TypeKind::OptionalType || t == c10::TypeKind::NoneType;
    case RB_KIND_TENSOR: return t == c10::TypeKind::TensorType;
    case RB_KIND_INT: return t == c10::TypeKind::IntType || t == c10::TypeKind::SymIntType || t == c10::TypeKind::FloatType ||
                             t == c10::TypeKind::BoolType || t == c10::TypeKind::NumberType;
    case RB_KIND_DOUBLE: return t == c10::TypeKind::FloatType || t == c10::TypeKind::NumberType ||
                                t == c10::TypeKind::IntType || t == c10::TypeKind::SymIntType;  // the latter refused with the value below
    case RB_KIND_BOOL: return t == c10::TypeKind::BoolType || t == c10::TypeKind::NumberType;
    case RB_KIND_INT_LIST: {
      c10::TypeKind e = element_kind(type);
      return e == c10::TypeKind::IntType || e == c10::TypeKind::SymIntType || e == c10::TypeKind::FloatType;
    }
    case RB_KIND_DOUBLE_LIST: return element_kind(type) == c10::TypeKind::FloatType;
    case RB_KIND_TENSOR_LIST: return element_kind(type) == c10::TypeKind::TensorType;
    case RB_KIND_STRING: return t == c10::TypeKind::StringType || t == c10::TypeKind::DeviceObjType;
    default: return true;  // reported below
  }
}

c10::IValue to_ivalue(const rb_value& v, const c10::Argument& arg) {
  c10::TypePtr type = unwrap_optional(arg.type());
  c10::TypeKind kind = type->kind();
  if (!accepts(v.kind, type, arg))
    throw rb::ArgumentError("argument " + describe(arg) + " cannot take a " + kind_name(v.kind));
  switch (v.kind) {
    case RB_KIND_NONE:
      return c10::IValue();
    case RB_KIND_TENSOR:
      if (v.p == nullptr) return kind == c10::TypeKind::TensorType && !arg.type()->cast<c10::OptionalType>() ? c10::IValue(at::Tensor()) : c10::IValue();
      return c10::IValue(rb::tensor(static_cast<rb_tensor>(v.p)));
    case RB_KIND_INT:
      // A dtype code out of range would index past libtorch's type table.
      if (unwrap_optional(arg.real_type())->kind() == c10::TypeKind::ScalarTypeType)
        rb::require(v.i >= 0 && v.i < static_cast<int64_t>(c10::ScalarType::Undefined),
                    "argument " + describe(arg) + " takes a dtype code, got " + std::to_string(v.i));
      if (kind == c10::TypeKind::FloatType) return c10::IValue(static_cast<double>(v.i));
      if (kind == c10::TypeKind::BoolType) return c10::IValue(v.i != 0);
      return c10::IValue(v.i);
    case RB_KIND_DOUBLE:
      if (kind == c10::TypeKind::IntType || kind == c10::TypeKind::SymIntType)
        throw rb::ArgumentError("argument " + describe(arg) + " takes an integer, got the float " + std::to_string(v.d));
      return c10::IValue(v.d);
    case RB_KIND_BOOL:
      return c10::IValue(v.i != 0);
    case RB_KIND_INT_LIST: {
      rb::require(v.length == 0 || v.p != nullptr, "null list for argument " + describe(arg));
      const int64_t* data = static_cast<const int64_t*>(v.p);
      auto list_type = type->cast<c10::ListType>();
      if (list_type && list_type->getElementType()->kind() == c10::TypeKind::FloatType) {
        c10::List<double> list;
        for (int32_t k = 0; k < v.length; ++k) list.push_back(static_cast<double>(data[k]));
        return c10::IValue(std::move(list));
      }
      c10::List<int64_t> list;
      list.reserve(v.length);
      for (int32_t k = 0; k < v.length; ++k) list.push_back(data[k]);
      return c10::IValue(std::move(list));
    }
    case RB_KIND_DOUBLE_LIST: {
      rb::require(v.length == 0 || v.p != nullptr, "null list for argument " + describe(arg));
      const double* data = static_cast<const double*>(v.p);
      c10::List<double> list;
      for (int32_t k = 0; k < v.length; ++k) list.push_back(data[k]);
      return c10::IValue(std::move(list));
    }
    case RB_KIND_TENSOR_LIST: {
      rb::require(v.length == 0 || v.p != nullptr, "null list for argument " + describe(arg));
      rb_tensor const* data = static_cast<rb_tensor const*>(v.p);
      auto list_type = type->cast<c10::ListType>();
      bool optional_elements = list_type && list_type->getElementType()->cast<c10::OptionalType>();
      if (optional_elements) {
        c10::List<c10::optional<at::Tensor>> list;
        for (int32_t k = 0; k < v.length; ++k)
          list.push_back(data[k] == nullptr ? c10::optional<at::Tensor>() : c10::optional<at::Tensor>(rb::tensor(data[k])));
        return c10::IValue(std::move(list));
      }
      c10::List<at::Tensor> list;
      for (int32_t k = 0; k < v.length; ++k) list.push_back(rb::tensor(data[k], "tensor list element"));
      return c10::IValue(std::move(list));
    }
    case RB_KIND_STRING: {
      rb::require(v.p != nullptr, "null string for argument " + describe(arg));
      std::string text(static_cast<const char*>(v.p));
      if (kind == c10::TypeKind::DeviceObjType) return c10::IValue(rb::parse_device(text));
      return c10::IValue(text);
    }
    default:
      throw rb::ArgumentError("unknown value kind " + std::to_string(v.kind) + " for argument " + describe(arg));
  }
}

void flatten(const c10::IValue& value, std::vector<rb_value>& out) {
  rb_value r{};
  if (value.isTensor()) {
    const at::Tensor& t = value.toTensor();
    r.kind = RB_KIND_TENSOR;
    r.p = t.defined() ? rb::wrap(t) : nullptr;
    out.push_back(r);
  } else if (value.isTensorList()) {
    for (const at::Tensor& t : value.toTensorVector()) flatten(c10::IValue(t), out);
  } else if (value.isTuple()) {
    for (const c10::IValue& element : value.toTupleRef().elements()) flatten(element, out);
  } else if (value.isList()) {
    for (const c10::IValue& element : value.toListRef()) flatten(element, out);
  } else if (value.isInt()) {
    r.kind = RB_KIND_INT;
    r.i = value.toInt();
    out.push_back(r);
  } else if (value.isDouble()) {
    r.kind = RB_KIND_DOUBLE;
    r.d = value.toDouble();
    out.push_back(r);
  } else if (value.isBool()) {
    r.kind = RB_KIND_BOOL;
    r.i = value.toBool() ? 1 : 0;
    out.push_back(r);
  } else if (value.isNone()) {
    r.kind = RB_KIND_NONE;
    out.push_back(r);
  } else {
    throw rb::ArgumentError(std::string("result of unsupported type ") + value.tagKind());
  }
}

void release(std::vector<rb_value>& values) {
  for (auto& v : values)
    if (v.kind == RB_KIND_TENSOR && v.p != nullptr) rb_tensor_free(static_cast<rb_tensor>(v.p));
}

}  // namespace

extern "C" {

int rb_op_find(const char* name, const char* overload, rb_op* out) {
  return rb::guarded([&] {
    rb::require(name != nullptr, "null operator name");
    std::string overload_name = overload == nullptr ? "" : overload;
    auto handle = c10::Dispatcher::singleton().findSchema({name, overload_name});
    if (!handle.has_value())
      throw rb::NotFoundError(std::string("no operator ") + name + (overload_name.empty() ? "" : "." + overload_name) +
                              " in this libtorch (" + TORCH_VERSION + ")");
    std::ostringstream schema;
    schema << handle->schema();
    // Operator handles live for the process: the dispatcher's registrations outlive every caller.
    *out = reinterpret_cast<rb_op>(new Operator{*handle, schema.str()});
  });
}

const char* rb_op_schema(rb_op op) {
  if (op == nullptr) return "";
  return reinterpret_cast<const Operator*>(op)->schema.c_str();
}

int rb_op_call(rb_op op, const rb_value* args, int32_t nargs, rb_value* results, int32_t capacity, int32_t* count) {
  return rb::guarded([&] {
    const Operator& target = op_of(op);
    const auto& schema_args = target.handle.schema().arguments();
    rb::require(nargs >= 0 && static_cast<size_t>(nargs) <= schema_args.size(),
                std::to_string(nargs) + " arguments given, " + target.schema + " takes " + std::to_string(schema_args.size()));
    rb::require(nargs == 0 || args != nullptr, "null argument array");
    torch::jit::Stack stack;
    stack.reserve(schema_args.size());
    for (size_t k = 0; k < schema_args.size(); ++k) {
      if (k < static_cast<size_t>(nargs)) {
        stack.push_back(to_ivalue(args[k], schema_args[k]));
      } else if (schema_args[k].default_value().has_value()) {
        stack.push_back(*schema_args[k].default_value());
      } else {
        throw rb::ArgumentError("argument " + describe(schema_args[k]) + " of " + target.schema + " has no default and was not given");
      }
    }
    target.handle.callBoxed(stack);
    std::vector<rb_value> flat;
    try {
      for (const auto& value : stack) flatten(value, flat);
    } catch (...) {
      release(flat);
      throw;
    }
    if (flat.size() > static_cast<size_t>(capacity)) {
      release(flat);
      throw rb::ArgumentError(target.schema + " returned " + std::to_string(flat.size()) + " values, room for " + std::to_string(capacity));
    }
    for (size_t k = 0; k < flat.size(); ++k) results[k] = flat[k];
    *count = static_cast<int32_t>(flat.size());
  });
}

int32_t rb_op_registered_count(void) {
  try {
    return static_cast<int32_t>(c10::Dispatcher::singleton().getAllOpNames().size());
  } catch (...) {
    return -1;
  }
}

}  // extern "C"
