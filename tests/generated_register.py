"""The matching benchmark's register generator (benchmarks/matching.py), loaded as
a module for the tests that need a register of a known make."""
import importlib.util
import os

BENCHMARK = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                         "benchmarks", "matching.py")


def benchmark_generator():
    """benchmarks/matching.py's `generate(n_missing, n_found, seed=...)`."""
    spec = importlib.util.spec_from_file_location("bench_matching", BENCHMARK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate
