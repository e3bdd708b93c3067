package dev.repbench.torch;

/**
 * The ATen operators the typed layer calls, found once (on first use of this class).
 * Adding an operator is one line here and one method where it belongs.
 */
final class Aten {
    private Aten() {
    }

    // creation
    static final Op ZEROS = Op.of("aten::zeros");
    static final Op ONES = Op.of("aten::ones");
    static final Op FULL = Op.of("aten::full");
    static final Op RANDN = Op.of("aten::randn");
    static final Op RAND = Op.of("aten::rand");
    static final Op RANDINT = Op.of("aten::randint", "low");
    static final Op RANDPERM = Op.of("aten::randperm");
    static final Op ARANGE = Op.of("aten::arange", "start_step");
    static final Op SCALAR_TENSOR = Op.of("aten::scalar_tensor");

    // arithmetic
    static final Op ADD = Op.of("aten::add", "Tensor");
    static final Op ADD_SCALAR = Op.of("aten::add", "Scalar");
    static final Op SUB = Op.of("aten::sub", "Tensor");
    static final Op SUB_SCALAR = Op.of("aten::sub", "Scalar");
    static final Op MUL = Op.of("aten::mul", "Tensor");
    static final Op MUL_SCALAR = Op.of("aten::mul", "Scalar");
    static final Op DIV = Op.of("aten::div", "Tensor");
    static final Op DIV_SCALAR = Op.of("aten::div", "Scalar");
    static final Op NEG = Op.of("aten::neg");
    static final Op POW = Op.of("aten::pow", "Tensor_Scalar");
    static final Op SQRT = Op.of("aten::sqrt");
    static final Op RSQRT = Op.of("aten::rsqrt");
    static final Op EXP = Op.of("aten::exp");
    static final Op LOG = Op.of("aten::log");
    static final Op ABS = Op.of("aten::abs");
    static final Op SIGN = Op.of("aten::sign");
    static final Op CLAMP = Op.of("aten::clamp");
    static final Op MATMUL = Op.of("aten::matmul");
    static final Op MM = Op.of("aten::mm");
    static final Op BMM = Op.of("aten::bmm");
    static final Op MAXIMUM = Op.of("aten::maximum");
    static final Op MINIMUM = Op.of("aten::minimum");

    // activations
    static final Op RELU = Op.of("aten::relu");
    static final Op SIGMOID = Op.of("aten::sigmoid");
    static final Op TANH = Op.of("aten::tanh");
    static final Op SOFTMAX = Op.of("aten::softmax", "int");
    static final Op LOG_SOFTMAX = Op.of("aten::log_softmax", "int");
    static final Op LOGSUMEXP = Op.of("aten::logsumexp");

    // reductions
    static final Op SUM = Op.of("aten::sum");
    static final Op SUM_DIM = Op.of("aten::sum", "dim_IntList");
    static final Op MEAN = Op.of("aten::mean");
    static final Op MEAN_DIM = Op.of("aten::mean", "dim");
    static final Op MAX = Op.of("aten::max");
    static final Op MIN = Op.of("aten::min");
    static final Op MAX_DIM = Op.of("aten::max", "dim");
    static final Op ARGMAX = Op.of("aten::argmax");
    static final Op NORM_DIM = Op.of("aten::norm", "ScalarOpt_dim");
    static final Op VAR_DIM = Op.of("aten::var", "correction");

    // comparison
    static final Op EQ = Op.of("aten::eq", "Tensor");
    static final Op EQ_SCALAR = Op.of("aten::eq", "Scalar");
    static final Op GT_SCALAR = Op.of("aten::gt", "Scalar");
    static final Op LT_SCALAR = Op.of("aten::lt", "Scalar");
    static final Op WHERE = Op.of("aten::where", "self");
    static final Op ALLCLOSE = Op.of("aten::allclose");

    // shape and layout
    static final Op RESHAPE = Op.of("aten::reshape");
    static final Op VIEW = Op.of("aten::view");
    static final Op FLATTEN = Op.of("aten::flatten", "using_ints");
    static final Op PERMUTE = Op.of("aten::permute");
    static final Op TRANSPOSE = Op.of("aten::transpose", "int");
    static final Op SQUEEZE_DIM = Op.of("aten::squeeze", "dim");
    static final Op UNSQUEEZE = Op.of("aten::unsqueeze");
    static final Op EXPAND = Op.of("aten::expand");
    static final Op CONTIGUOUS = Op.of("aten::contiguous");
    static final Op CLONE = Op.of("aten::clone");
    static final Op DETACH = Op.of("aten::detach");
    static final Op TO_DTYPE = Op.of("aten::to", "dtype");
    static final Op TO_DEVICE = Op.of("aten::to", "device");
    static final Op CAT = Op.of("aten::cat");
    static final Op STACK = Op.of("aten::stack");
    static final Op NARROW = Op.of("aten::narrow");
    static final Op SELECT = Op.of("aten::select", "int");
    static final Op INDEX_SELECT = Op.of("aten::index_select");
    static final Op GATHER = Op.of("aten::gather");
    static final Op CHUNK = Op.of("aten::chunk");
    static final Op ROLL = Op.of("aten::roll");
    static final Op FLIP = Op.of("aten::flip");

    // in place
    static final Op ADD_ = Op.of("aten::add_", "Tensor");
    static final Op MUL_SCALAR_ = Op.of("aten::mul_", "Scalar");
    static final Op MUL_ = Op.of("aten::mul_", "Tensor");
    static final Op ADDCMUL_ = Op.of("aten::addcmul_");
    static final Op ADDCDIV_ = Op.of("aten::addcdiv_");
    static final Op COPY_ = Op.of("aten::copy_");
    static final Op ZERO_ = Op.of("aten::zero_");
    static final Op FILL_ = Op.of("aten::fill_", "Scalar");
    static final Op UNIFORM_ = Op.of("aten::uniform_");
    static final Op NORMAL_ = Op.of("aten::normal_");
    static final Op SQRT_ = Op.of("aten::sqrt_");
    static final Op DIV_SCALAR_ = Op.of("aten::div_", "Scalar");
    static final Op CLAMP_ = Op.of("aten::clamp_");
}
