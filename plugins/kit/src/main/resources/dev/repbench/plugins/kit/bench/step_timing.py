"""Shared by RepBench's PyTorch baselines: the timing their Java counterparts use (Timing.itemsPerSecond), so both
sides of a benchmark are measured alike: WARMUP untimed calls of a step, then each of STEPS calls timed alone."""
import time


def timed_steps(step, warmup, steps):
    """Runs step() warmup times, then returns the seconds of each of the next steps calls."""
    for _ in range(warmup):
        step()
    times = []
    for _ in range(steps):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return times
