#!/usr/bin/env sh
# Sends one sample (wire format v1, JSON) for an inference service to Costwise.
#
#   COSTWISE_API_KEY  an API key with the telemetry:write scope (required)
#   COSTWISE_URL      where Costwise runs (default below)
#
# A batch is accepted whole (202 with a receipt) or rejected whole (a problem naming every bad field).
# Retrying with the same Idempotency-Key stores the batch once.
set -eu

COSTWISE_URL="${COSTWISE_URL:-https://costwise.example.com}"
: "${COSTWISE_API_KEY:?set COSTWISE_API_KEY to an API key with the telemetry:write scope}"

# timestamp = the end of the sample's window (RFC 3339, UTC); windowSeconds = its length.
NOW="$(date -u +%Y-%m-%dT%H:%M:%SZ)"

curl --fail-with-body --silent --show-error \
  -X POST "$COSTWISE_URL/api/v1/telemetry/samples" \
  -H "Authorization: Bearer $COSTWISE_API_KEY" \
  -H "Content-Type: application/json" \
  -H "Idempotency-Key: llm-chat-$NOW" \
  --data-binary @- <<JSON
[
  {
    "workload": "llm-chat-inference",
    "timestamp": "$NOW",
    "windowSeconds": 60,
    "node": "gpu-node-1",
    "provider": "aws",
    "region": "us-east-1",
    "instanceType": "g5.xlarge",
    "purchaseOption": "ON_DEMAND",
    "gpuModel": "A10G",
    "gpuCount": 1,
    "vcpus": 4,
    "memoryGiB": 16,
    "cpuUtil": 0.35,
    "memoryUsedGiB": 9.5,
    "gpuUtil": 0.62,
    "gpuMemoryUsedGiB": 17.2,
    "gpuMemoryTotalGiB": 24,
    "batchSize": 16,
    "precision": "FP16",
    "throughput": 1450,
    "workUnit": "tokens",
    "latencyP95Ms": 420
  }
]
JSON
echo
