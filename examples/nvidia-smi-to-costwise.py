#!/usr/bin/env python3
"""Samples every GPU with nvidia-smi once a minute and sends the samples to Costwise.

Standard library only (Python 3.8+). Configure with environment variables:

  COSTWISE_API_KEY         an API key with the telemetry:write scope (required)
  COSTWISE_URL             where Costwise runs (default below)
  COSTWISE_WORKLOAD        the workload these GPUs run (default: the host name)
  COSTWISE_PROVIDER        aws, gcp, azure or onprem (optional)
  COSTWISE_REGION          e.g. us-east-1 (optional)
  COSTWISE_INSTANCE_TYPE   e.g. g5.xlarge (optional; prices the machine exactly)
  COSTWISE_PURCHASE_OPTION ON_DEMAND, SPOT or RESERVED (optional)

Run:  python3 nvidia-smi-to-costwise.py          (every 60 s until stopped)
      python3 nvidia-smi-to-costwise.py --once   (one sample, e.g. to try it)

Each GPU becomes one sample per minute (wire format v1) with gpuCount 1; a batch that cannot be sent
is retried with the same Idempotency-Key, so it is stored once.
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from datetime import datetime, timezone

COSTWISE_URL = os.environ.get("COSTWISE_URL", "https://costwise.example.com").rstrip("/")
ENDPOINT = COSTWISE_URL + "/api/v1/telemetry/samples"
WINDOW_SECONDS = 60
QUERY = "index,name,utilization.gpu,memory.used,memory.total"
MIB_PER_GIB = 1024.0


def read_gpus():
    """One dict per GPU from nvidia-smi's CSV output (units stripped)."""
    output = subprocess.run(
        ["nvidia-smi", "--query-gpu=" + QUERY, "--format=csv,noheader,nounits"],
        check=True, capture_output=True, text=True,
    ).stdout
    gpus = []
    for line in output.strip().splitlines():
        index, name, util, used, total = [field.strip() for field in line.split(",")]
        gpus.append({"index": index, "name": name, "util": number(util), "used": number(used), "total": number(total)})
    return gpus


def number(text):
    """nvidia-smi prints "[N/A]" or "[Not Supported]" for unknown values: absent, never zero."""
    try:
        return float(text)
    except ValueError:
        return None


def samples(gpus, end):
    host = socket.gethostname()
    common = {
        "workload": os.environ.get("COSTWISE_WORKLOAD", host),
        "timestamp": end.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "windowSeconds": WINDOW_SECONDS,
    }
    for key, variable in [("provider", "COSTWISE_PROVIDER"), ("region", "COSTWISE_REGION"),
                          ("instanceType", "COSTWISE_INSTANCE_TYPE"), ("purchaseOption", "COSTWISE_PURCHASE_OPTION")]:
        if os.environ.get(variable):
            common[key] = os.environ[variable]
    batch = []
    for gpu in gpus:
        sample = dict(common, node="%s/gpu%s" % (host, gpu["index"]), gpuModel=gpu["name"], gpuCount=1)
        if gpu["util"] is not None:
            sample["gpuUtil"] = round(gpu["util"] / 100.0, 4)
        if gpu["used"] is not None:
            sample["gpuMemoryUsedGiB"] = round(gpu["used"] / MIB_PER_GIB, 3)
        if gpu["total"] is not None:
            sample["gpuMemoryTotalGiB"] = round(gpu["total"] / MIB_PER_GIB, 3)
        batch.append(sample)
    return batch


def send(batch, api_key, idempotency_key, attempts=5):
    body = json.dumps(batch).encode("utf-8")
    for attempt in range(1, attempts + 1):
        request = urllib.request.Request(ENDPOINT, data=body, method="POST", headers={
            "Authorization": "Bearer " + api_key,
            "Content-Type": "application/json",
            "Idempotency-Key": idempotency_key,
        })
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            problem = error.read().decode("utf-8", "replace")
            if error.code < 500 and error.code != 429:
                raise SystemExit("Costwise rejected the batch (HTTP %d): %s" % (error.code, problem))
            print("HTTP %d, retrying: %s" % (error.code, problem), file=sys.stderr)
        except (urllib.error.URLError, OSError) as error:
            print("could not reach Costwise, retrying: %s" % error, file=sys.stderr)
        time.sleep(min(60, 2 ** attempt))
    print("giving up on this batch", file=sys.stderr)
    return None


def main():
    api_key = os.environ.get("COSTWISE_API_KEY")
    if not api_key:
        raise SystemExit("set COSTWISE_API_KEY to an API key with the telemetry:write scope")
    once = "--once" in sys.argv[1:]
    while True:
        started = time.monotonic()
        batch = samples(read_gpus(), datetime.now(timezone.utc))
        receipt = send(batch, api_key, str(uuid.uuid4()))
        if receipt is not None:
            print("sent %d sample(s): %s" % (len(batch), receipt))
        if once:
            return
        time.sleep(max(0.0, WINDOW_SECONDS - (time.monotonic() - started)))


if __name__ == "__main__":
    main()
