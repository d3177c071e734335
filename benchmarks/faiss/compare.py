#!/usr/bin/python3
"""Gallery search vs FAISS IndexFlatIP vs memory bandwidth, in one run on one machine.

Runs, for every N and d asked for:
  1. a C AVX2 bandwidth probe (bandwidth.c, gcc -O3 -mavx2 -mfma): streaming sum and flat scan, one thread;
  2. FAISS IndexFlatIP (Debian python3-faiss), one query, top-k, on one thread and on all threads;
  3. the EId gallery benchmarks (BenchmarkDotNet, GallerySearchBenchmarks + MemoryBandwidthBenchmarks)
     on the same N/d/k,
then prints times, GB/s and the ratios the issue asks about (FAISS / EId, int8 speed-up, % of bandwidth).

Use the Debian interpreter (/usr/bin/python3), which sees python3-faiss and python3-numpy:
  apt-get update && apt-get install -y python3-faiss python3-numpy
  /usr/bin/python3 benchmarks/faiss/compare.py                     # N = 10k,100k,1M; d = 192,512
  /usr/bin/python3 benchmarks/faiss/compare.py --n 100000 --d 512 --job short
"""
import argparse
import glob
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", default="10000,100000,1000000", help="gallery sizes, comma-separated")
    p.add_argument("--d", default="192,512", help="dimensions, comma-separated")
    p.add_argument("--k", type=int, default=10, help="hits per query (the .NET benchmark uses 10)")
    p.add_argument("--repeats", type=int, default=15, help="FAISS single-query repetitions (median reported)")
    p.add_argument("--job", default="short", help="BenchmarkDotNet job for the .NET side (short, medium, default, dry)")
    p.add_argument("--in-process", action="store_true", help="run BenchmarkDotNet in-process (quicker to start on a busy machine)")
    p.add_argument("--skip-dotnet", action="store_true", help="run only the C probe and FAISS")
    p.add_argument("--skip-faiss", action="store_true", help="run only the C probe and .NET")
    p.add_argument("--artifacts", default=None, help="build/BenchmarkDotNet artifacts folder (default: a temp folder)")
    return p.parse_args()


def ints(text):
    return [int(x) for x in text.split(",") if x.strip()]


def c_probe(n, d, work):
    exe = os.path.join(work, "bandwidth")
    if not os.path.exists(exe):
        subprocess.run(["gcc", "-O3", "-mavx2", "-mfma", "-o", exe, os.path.join(HERE, "bandwidth.c")], check=True)
    padded = (d + 31) // 32 * 32
    out = subprocess.run([exe, str(n), str(padded), "5"], check=True, capture_output=True, text=True).stdout
    values = dict(kv.split("=") for kv in out.split())
    return {k: float(v) for k, v in values.items()}


def faiss_times(n, d, k, repeats):
    import faiss
    import numpy as np

    rng = np.random.default_rng(12345)
    xb = np.empty((n, d), dtype=np.float32)
    for start in range(0, n, 100000):
        block = rng.standard_normal((min(100000, n - start), d), dtype=np.float32)
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        xb[start:start + len(block)] = block
    xq = rng.standard_normal((1, d), dtype=np.float32)
    xq /= np.linalg.norm(xq)
    index = faiss.IndexFlatIP(d)
    index.add(xb)
    del xb
    result = {}
    for label, threads in (("1t", 1), ("all", os.cpu_count() or 1)):
        faiss.omp_set_num_threads(threads)
        index.search(xq, k)  # warm-up
        samples = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            index.search(xq, k)
            samples.append(time.perf_counter() - t0)
        result[label] = statistics.median(samples) * 1e3
    return result


def dotnet_results(ns, ds, job, work, in_process):
    env = dict(os.environ, EID_GALLERY_N=",".join(map(str, ns)), EID_GALLERY_D=",".join(map(str, ds)),
               EID_BANDWIDTH_MB=str(max(n * d * 4 for n in ns for d in ds) // 1048576 or 1))
    bdn = os.path.join(work, "bdn")
    cmd = ["dotnet", "run", "-c", "Release", "--project", os.path.join(REPO, "benchmarks", "EId.Benchmarks"),
           "--artifacts-path", os.path.join(work, "build"), "--",
           "--filter", "*GallerySearchBenchmarks*", "*MemoryBandwidthBenchmarks*",
           "--job", job, "--exporters", "json", "--artifacts", bdn] + (["--inProcess"] if in_process else [])
    print("running:", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, env=env, cwd=REPO)
    rows = []
    for path in glob.glob(os.path.join(bdn, "results", "*.json")):
        with open(path, encoding="utf-8") as f:
            report = json.load(f)
        for b in report.get("Benchmarks", []):
            stats = b.get("Statistics") or {}
            if "Median" not in stats:
                continue
            params = dict(re.findall(r"(\w+)=([^&]+)", b.get("Parameters", "")))
            rows.append({"method": b.get("Method"), "median_ms": stats["Median"] / 1e6, **params})
    return rows


def find(rows, **match):
    for r in rows:
        if all(str(r.get(k)) == str(v) for k, v in match.items()):
            return r["median_ms"]
    return None


def fmt(x, spec="8.2f"):
    return format(x, spec) if x is not None else "       -"


def main():
    args = parse_args()
    ns, ds = ints(args.n), ints(args.d)
    work = args.artifacts or tempfile.mkdtemp(prefix="eid-gallery-bench-")
    os.makedirs(work, exist_ok=True)
    cores = os.cpu_count() or 1

    probe = {}
    faiss_ms = {}
    for d in ds:
        for n in ns:
            probe[(n, d)] = c_probe(n, d, work)
            if not args.skip_faiss:
                faiss_ms[(n, d)] = faiss_times(n, d, args.k, args.repeats)
            print(f"N={n} d={d}: C probe {probe[(n, d)]}, FAISS {faiss_ms.get((n, d))}", flush=True)

    rows = [] if args.skip_dotnet else dotnet_results(ns, ds, args.job, work, args.in_process)
    dotnet_bw = find(rows, method="Sum512", Threads=1)
    if dotnet_bw:
        mb = max(n * d * 4 for n in ns for d in ds) // 1048576 or 1
        print(f"\n.NET bandwidth probe (Sum512, 1 thread): {mb * 1048576 / dotnet_bw / 1e6:.1f} GB/s")

    print(f"\nk={args.k}; times are medians in ms for one query; GB/s counts float32 bytes N*d*4 for FAISS/C/float32 "
          f"and int8 bytes for int8; 'all' = {cores} threads.")
    header = (f"{'N':>8} {'d':>4} | {'C sum GB/s':>10} {'C scan ms':>9} | {'FAISS 1t':>8} {'FAISS all':>9} | "
              f"{'f32 1t':>8} {'f32 all':>8} {'f32 GB/s':>8} {'%C sum':>6} {'FAISS/f32':>9} | "
              f"{'i8 1t':>8} {'i8 GB/s':>8} {'f32/i8':>6} {'i8rr 1t':>8} {'f32/i8rr':>8}")
    print(header)
    print("-" * len(header))
    for d in ds:
        for n in ns:
            c = probe[(n, d)]
            fa = faiss_ms.get((n, d), {})
            f1 = find(rows, method="Search", Precision="Float32", N=n, D=d, Threads=1)
            fall = find(rows, method="Search", Precision="Float32", N=n, D=d, Threads=cores)
            i1 = find(rows, method="Search", Precision="Int8", N=n, D=d, Threads=1)
            r1 = find(rows, method="Search", Precision="Int8Reranked", N=n, D=d, Threads=1)
            f32_bytes = n * ((d + 15) // 16 * 16) * 4
            i8_bytes = n * ((d + 63) // 64 * 64)
            f_gbps = f32_bytes / f1 / 1e6 if f1 else None
            i_gbps = i8_bytes / i1 / 1e6 if i1 else None
            print(f"{n:>8} {d:>4} | {c['sum_gbps']:>10.1f} {c['scan_ms']:>9.2f} | {fmt(fa.get('1t'))} {fmt(fa.get('all'), '9.2f')} | "
                  f"{fmt(f1)} {fmt(fall)} {fmt(f_gbps, '8.1f')} {fmt(f_gbps / c['sum_gbps'] * 100 if f_gbps else None, '6.0f')} "
                  f"{fmt(fa['1t'] / f1 if f1 and fa else None, '9.2f')} | "
                  f"{fmt(i1)} {fmt(i_gbps, '8.1f')} {fmt(f1 / i1 if f1 and i1 else None, '6.2f')} {fmt(r1)} "
                  f"{fmt(f1 / r1 if f1 and r1 else None, '8.2f')}")
    print(f"\nartifacts: {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
