#!/usr/bin/python3
"""Compare Skein's NML parser with Python's xml.etree.ElementTree on the same file, in one run.

Runs bench_nml (generate 1,000,000 nodes/edges in 1,000 trees, write, parse in a fresh process),
keeps the written file, times xml.etree.ElementTree.parse on it, and prints one JSON object with
both results and the speed-up (target: >= 3x). Exit status 1 when a target is missed.

usage: /usr/bin/python3 tests/bench/nml_vs_etree.py [path/to/bench_nml] [--nodes N] [--trees T]
"""

import json
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree

DEFAULT_BINARY = os.path.join(os.path.dirname(__file__), "..", "..", "build", "h-skeleton-rel", "tests", "bench", "bench_nml")


def main(argv):
    binary = DEFAULT_BINARY
    extra = []
    args = list(argv)
    if args and not args[0].startswith("--"):
        binary = args.pop(0)
    extra = args
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bench.nml")
        run = subprocess.run([binary, "--file", path, "--keep", *extra], capture_output=True, text=True)
        if run.returncode != 0:
            print(run.stderr, file=sys.stderr)
            return 1
        skein = json.loads(run.stdout)
        start, start_cpu = time.perf_counter(), time.process_time()
        tree = ElementTree.parse(path)
        etree_seconds = time.perf_counter() - start
        etree_cpu = time.process_time() - start_cpu
        nodes = sum(1 for _ in tree.iter("node"))
        del tree
    result = {
        "skein": skein,
        "etree_parse_s": etree_seconds,
        "etree_parse_cpu_s": etree_cpu,
        "etree_nodes": nodes,
        "speedup_vs_etree": etree_seconds / skein["parse_s"] if skein.get("parse_s") else None,
        # CPU time is the fairer comparison on a shared machine (Skein uses up to 4 threads).
        "cpu_speedup_vs_etree": etree_cpu / skein["parse_cpu_s"] if skein.get("parse_cpu_s") else None,
    }
    result["pass"] = bool(skein.get("pass")) and (result["speedup_vs_etree"] or 0) >= 3.0
    print(json.dumps(result, indent=2))
    return 0 if result["pass"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
