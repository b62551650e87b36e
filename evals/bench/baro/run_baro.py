"""Runs BARO (rcaeval's published implementation) on metric tables written by baro-compare.bench.ts.

Input: a JSON manifest [{"id", "csv", "injectTime"}] on stdin. Each CSV is wide: a `time` column
(epoch seconds) and one column per `<service>__<metric>`. Output: one JSON line per scenario with
the services in BARO's rank order and the time BARO took.

The rcaeval package's e2e/__init__ imports every method (torch and more) on this Python version,
so baro.py is loaded on its own from the installed package: the same code, without the extras.
"""
import importlib.util
import json
import os
import sys
import time

import pandas as pd
import RCAEval

spec = importlib.util.spec_from_file_location("rcaeval_baro", os.path.join(os.path.dirname(RCAEval.__file__), "e2e", "baro.py"))
baro_module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(baro_module)

for job in json.load(sys.stdin):
    data = pd.read_csv(job["csv"])
    started = time.perf_counter()
    # Any dataset name but None makes rcaeval's preprocessing drop the time and constant columns,
    # as its own benchmark runs do.
    result = baro_module.baro(data, inject_time=job["injectTime"], dataset="ariadne-sim")
    ms = (time.perf_counter() - started) * 1000
    services = []
    for column in result["ranks"]:
        service = column.split("__", 1)[0]
        if service not in services:
            services.append(service)
    print(json.dumps({"id": job["id"], "services": services, "ms": ms}), flush=True)
