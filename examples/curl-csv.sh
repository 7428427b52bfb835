#!/usr/bin/env sh
# Sends samples as CSV to Costwise: a header row of wire-format (v1) names, then one sample per row.
# Empty cells mean "unknown", never zero.
#
#   COSTWISE_API_KEY  an API key with the telemetry:write scope (required)
#   COSTWISE_URL      where Costwise runs (default below)
set -eu

COSTWISE_URL="${COSTWISE_URL:-https://costwise.example.com}"
: "${COSTWISE_API_KEY:?set COSTWISE_API_KEY to an API key with the telemetry:write scope}"

NOW="$(date -u +%Y-%m-%dT%H:%M:%SZ)"

curl --fail-with-body --silent --show-error \
  -X POST "$COSTWISE_URL/api/v1/telemetry/samples" \
  -H "Authorization: Bearer $COSTWISE_API_KEY" \
  -H "Content-Type: text/csv" \
  -H "Idempotency-Key: resnet-train-$NOW" \
  --data-binary @- <<CSV
workload,timestamp,windowSeconds,node,provider,region,instanceType,purchaseOption,gpuModel,gpuCount,vcpus,memoryGiB,cpuUtil,memoryUsedGiB,gpuUtil,gpuMemoryUsedGiB,gpuMemoryTotalGiB,batchSize,precision,throughput,workUnit,oomEvents
resnet50-train,$NOW,60,train-node-1,aws,us-east-1,g5.xlarge,SPOT,A10G,1,4,16,0.55,11.0,0.91,21.5,24,128,BF16,812,samples,0
resnet50-train,$NOW,60,train-node-2,aws,us-east-1,g5.xlarge,SPOT,A10G,1,4,16,0.48,10.2,0.87,21.1,24,128,BF16,790,samples,
CSV
echo
