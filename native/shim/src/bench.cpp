// Entry points that exist only for `repbench bench`: baselines measured in the same process.
#include <immintrin.h>

#include <chrono>
#include <thread>
#include <vector>

#include "shim.h"

namespace {

constexpr int kChains = 12;  // independent accumulators: enough to cover FMA latency x pipes

__attribute__((target("avx512f"))) double fma_chains_avx512(int64_t iterations) {
  __m512 acc[kChains];
  for (int k = 0; k < kChains; ++k) acc[k] = _mm512_set1_ps(static_cast<float>(k));
  const __m512 mul = _mm512_set1_ps(0.999999f);
  const __m512 add = _mm512_set1_ps(1e-6f);
  for (int64_t i = 0; i < iterations; ++i)
    for (int k = 0; k < kChains; ++k) acc[k] = _mm512_fmadd_ps(acc[k], mul, add);
  __m512 sum = acc[0];
  for (int k = 1; k < kChains; ++k) sum = _mm512_add_ps(sum, acc[k]);
  return static_cast<double>(_mm512_reduce_add_ps(sum));
}

__attribute__((target("avx2,fma"))) double fma_chains_avx2(int64_t iterations) {
  __m256 acc[kChains];
  for (int k = 0; k < kChains; ++k) acc[k] = _mm256_set1_ps(static_cast<float>(k));
  const __m256 mul = _mm256_set1_ps(0.999999f);
  const __m256 add = _mm256_set1_ps(1e-6f);
  for (int64_t i = 0; i < iterations; ++i)
    for (int k = 0; k < kChains; ++k) acc[k] = _mm256_fmadd_ps(acc[k], mul, add);
  __m256 sum = acc[0];
  for (int k = 1; k < kChains; ++k) sum = _mm256_add_ps(sum, acc[k]);
  float lanes[8];
  _mm256_storeu_ps(lanes, sum);
  double total = 0;
  for (float v : lanes) total += v;
  return total;
}

// vdpbf16ps: per 32-bit lane, two bf16 products added to an fp32 accumulator (4 flops a lane). What oneDNN's
// bf16 convolutions and matmuls are made of on CPUs with AVX512_BF16, so their ceiling.
__attribute__((target("avx512f,avx512bf16"))) double bf16_dot_chains_avx512(int64_t iterations) {
  __m512 acc[kChains];
  for (int k = 0; k < kChains; ++k) acc[k] = _mm512_set1_ps(static_cast<float>(k));
  const __m512bh a = _mm512_cvtne2ps_pbh(_mm512_set1_ps(0.5f), _mm512_set1_ps(0.25f));
  const __m512bh b = _mm512_cvtne2ps_pbh(_mm512_set1_ps(1e-3f), _mm512_set1_ps(-1e-3f));
  for (int64_t i = 0; i < iterations; ++i)
    for (int k = 0; k < kChains; ++k) acc[k] = _mm512_dpbf16_ps(acc[k], a, b);
  __m512 sum = acc[0];
  for (int k = 1; k < kChains; ++k) sum = _mm512_add_ps(sum, acc[k]);
  return static_cast<double>(_mm512_reduce_add_ps(sum));
}

// Runs `kernel` (which does `flops_per_iteration` flops an iteration) on `threads` threads for about `seconds`
// and returns GFLOP/s. The iteration count is calibrated on one thread first.
double measure_peak(double (*kernel)(int64_t), double flops_per_iteration, int threads, double seconds) {
  int64_t iterations = 1 << 20;
  for (;;) {
    auto start = std::chrono::steady_clock::now();
    volatile double sink = kernel(iterations);
    (void)sink;
    double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (elapsed > seconds / 4 || iterations > (int64_t(1) << 40)) {
      iterations = static_cast<int64_t>(iterations * seconds / elapsed);
      break;
    }
    iterations *= 4;
  }
  std::vector<std::thread> workers;
  std::vector<double> sinks(threads);
  auto start = std::chrono::steady_clock::now();
  for (int t = 0; t < threads; ++t) workers.emplace_back([&, t] { sinks[t] = kernel(iterations); });
  for (auto& w : workers) w.join();
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return flops_per_iteration * static_cast<double>(iterations) * threads / elapsed / 1e9;
}

}  // namespace

extern "C" {

int rb_bench_add_direct(rb_tensor a, rb_tensor b, rb_tensor* out) {
  return rb::guarded([&] { *out = rb::wrap(at::add(rb::tensor(a), rb::tensor(b))); });
}

int rb_bench_fma_peak(int32_t threads, double seconds, double* gflops) {
  return rb::guarded([&] {
    rb::require(threads > 0 && seconds > 0, "threads and seconds must be positive");
    const bool avx512 = __builtin_cpu_supports("avx512f");
    rb::require(avx512 || (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")), "the CPU has neither AVX-512 nor AVX2+FMA");
    const int lanes = avx512 ? 16 : 8;
    *gflops = measure_peak(avx512 ? fma_chains_avx512 : fma_chains_avx2, 2.0 * lanes * kChains, threads, seconds);
  });
}

int rb_bench_bf16_dot_peak(int32_t threads, double seconds, double* gflops) {
  return rb::guarded([&] {
    rb::require(threads > 0 && seconds > 0, "threads and seconds must be positive");
    rb::require((rb_cpu_bf16_features() & RB_CPU_AVX512_BF16) != 0, "the CPU has no AVX512_BF16");
    // 16 lanes x 2 products x 2 flops per vdpbf16ps.
    *gflops = measure_peak(bf16_dot_chains_avx512, 4.0 * 16 * kChains, threads, seconds);
  });
}

}  // extern "C"
