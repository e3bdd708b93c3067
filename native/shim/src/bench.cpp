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
    auto kernel = avx512 ? fma_chains_avx512 : fma_chains_avx2;
    // Calibrate the iteration count to the requested duration on one thread.
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
    double flops = 2.0 * lanes * kChains * static_cast<double>(iterations) * threads;
    *gflops = flops / elapsed / 1e9;
  });
}

}  // extern "C"
