#!/usr/bin/python3
"""python3-zarr side of the I/O benchmark (run with Debian's /usr/bin/python3).

  zarr_python_io.py write RAW_FILE ZARR_DIR SIZE     write a SIZE^3 uint8 Zarr v2 array (64^3 chunks,
                                                     blosc lz4 + shuffle) from a raw C-order volume
  zarr_python_io.py read LOCATION [RUNS]             read the whole array into memory; LOCATION is a
                                                     folder or an http:// URL; prints JSON timings
"""
import json
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping

import numpy as np
import zarr
from numcodecs import Blosc


class HttpStore(Mapping):
    """Read-only zarr store over plain HTTP GETs (python3-fsspec is not in the base image)."""

    def __init__(self, base):
        self.base = base.rstrip("/")

    def __getitem__(self, key):
        try:
            with urllib.request.urlopen(f"{self.base}/{key}") as r:
                return r.read()
        except urllib.error.HTTPError as e:
            if e.code == 404:
                raise KeyError(key)
            raise

    def __iter__(self):
        return iter(())

    def __len__(self):
        return 0


def write(raw, out, size):
    vol = np.memmap(raw, dtype=np.uint8, mode="r", shape=(size, size, size))
    z = zarr.open(out, mode="w", shape=vol.shape, chunks=(64, 64, 64), dtype="u1",
                  compressor=Blosc(cname="lz4", clevel=5, shuffle=Blosc.SHUFFLE))
    for z0 in range(0, size, 64):
        z[z0:z0 + 64] = vol[z0:z0 + 64]
    print(json.dumps({"written": out, "nbytes": int(z.nbytes), "nbytes_stored": int(z.nbytes_stored)}))


def read(location, runs):
    store = zarr.storage.KVStore(HttpStore(location)) if location.startswith("http") else location
    times = []
    checksum = None
    for _ in range(runs):
        t0 = time.perf_counter()
        a = zarr.open(store, mode="r")[:]
        times.append(time.perf_counter() - t0)
        checksum = int(a[::7, ::7, ::7].astype(np.uint64).sum())
        del a
    print(json.dumps({"reader": "python3-zarr " + zarr.__version__, "location_kind":
                      "http" if location.startswith("http") else "file", "seconds": times,
                      "best": min(times), "checksum_strided": checksum}))


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        read(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 3)
