/*
 * The telemetry snippets shown on the Connect page are the files in the repository's examples/ folder,
 * imported as text at build time so that the page and the files never drift.
 */
import curlCsv from '../../examples/curl-csv.sh?raw';
import curlJson from '../../examples/curl-json.sh?raw';
import nvidiaSmi from '../../examples/nvidia-smi-to-costwise.py?raw';
import otelCollector from '../../examples/otel-collector.yaml?raw';

/** The address the example files use; the page replaces it with the address Costwise is served from. */
export const EXAMPLE_ORIGIN = 'https://costwise.example.com';

export interface Example {
  id: string;
  title: string;
  fileName: string;
  description: string;
  source: string;
}

export const EXAMPLES: readonly Example[] = [
  {
    id: 'curl-json',
    title: 'curl (JSON)',
    fileName: 'curl-json.sh',
    description: 'One sample for an inference service, as a JSON array.',
    source: curlJson,
  },
  {
    id: 'curl-csv',
    title: 'curl (CSV)',
    fileName: 'curl-csv.sh',
    description: 'Samples as CSV: a header row of wire-format names, then one sample per row.',
    source: curlCsv,
  },
  {
    id: 'otel-collector',
    title: 'OpenTelemetry Collector',
    fileName: 'otel-collector.yaml',
    description: 'Scrapes NVIDIA dcgm-exporter (Prometheus receiver) and host CPU and memory, exports OTLP/HTTP with your API key.',
    source: otelCollector,
  },
  {
    id: 'nvidia-smi',
    title: 'nvidia-smi sampler (Python)',
    fileName: 'nvidia-smi-to-costwise.py',
    description: 'Samples every GPU with nvidia-smi once a minute and posts the samples. Standard library only.',
    source: nvidiaSmi,
  },
];

/** An example with this Costwise's address filled in. */
export function withOrigin(source: string, origin: string): string {
  return source.split(EXAMPLE_ORIGIN).join(origin);
}
