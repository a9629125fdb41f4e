"""caikit's side of the job-throughput comparison: LocalJobPredictor, default config, on a trivial module.

Usage: python caikit_jobs.py OUT.json [--batch 200] [--warmup 3] [--seconds 10] [--runs 3]

Like TANGO's JobThroughputBenchmark: submit BATCH predictions, then wait for each future's result; repeat for SECONDS;
jobs/s = completed jobs / elapsed time. The module answers every call with the same constant data object. The
predictor has caikit's defaults: one thread per job (DestroyableThread), results written to a temporary directory and
read back by result(), no retention limit.
"""
import argparse
import json
import platform
import time

import aconfig
import caikit
from caikit.core import DataObjectBase, ModuleBase, dataobject, module
from caikit.core.model_management.local_job_predictor import LocalJobPredictor


@dataobject(package="tango_bench")
class Answer(DataObjectBase):
    answer: int


@module(id="6d3c0ac4-6e1c-4a0e-9d55-2f3a0b6c7e11", name="Trivial", version="0.0.1")
class Trivial(ModuleBase):
    def run(self, x: int) -> Answer:
        return Answer(42)


def measure(predictor, model, batch, seconds):
    done = 0
    start = time.perf_counter()
    while True:
        futures = [predictor.predict(model, "run", x=1) for _ in range(batch)]
        for future in futures:
            result = future.result()
            assert result.answer == 42, result
        done += batch
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return done, elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    predictor = LocalJobPredictor(aconfig.Config({}, override_env_vars=False), "default")
    model = Trivial()
    measure(predictor, model, args.batch, args.warmup)
    runs = []
    for _ in range(args.runs):
        jobs, elapsed = measure(predictor, model, args.batch, args.seconds)
        runs.append({"jobs": jobs, "seconds": elapsed, "jobs_per_second": jobs / elapsed})
        print(f"caikit LocalJobPredictor: {jobs / elapsed:,.0f} jobs/s ({jobs} jobs in {elapsed:.1f} s)", flush=True)
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump({
            "caikit": caikit.__version__ if hasattr(caikit, "__version__") else "unknown",
            "python": platform.python_version(),
            "batch": args.batch,
            "runs": runs,
        }, out, indent=2)


if __name__ == "__main__":
    main()
