/**
 * OpenTelemetry tracing, configured by the standard OTEL_* variables (OTEL_EXPORTER_OTLP_ENDPOINT,
 * OTEL_TRACES_EXPORTER, OTEL_SERVICE_NAME, OTEL_SDK_DISABLED, …). Imported first by main.ts so the
 * HTTP instrumentation patches node:http before Fastify and undici load it. Off unless an exporter
 * is configured: no surprise network traffic.
 */
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NodeSDK } from '@opentelemetry/sdk-node';

type Env = Record<string, string | undefined>;

export function tracingWanted(env: Env): boolean {
  if (env.OTEL_SDK_DISABLED === 'true') return false;
  const exporter = env.OTEL_TRACES_EXPORTER;
  if (exporter !== undefined && exporter !== '') return exporter !== 'none';
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

let sdk: NodeSDK | null = null;

if (tracingWanted(process.env)) {
  sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME ?? 'fleetscope',
    instrumentations: [new HttpInstrumentation()],
  });
  sdk.start();
}

/** Flushes and stops tracing (no-op when off). */
export async function shutdownTracing(): Promise<void> {
  await sdk?.shutdown();
}
