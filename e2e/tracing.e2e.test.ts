import { afterAll, beforeAll, expect, it } from 'vitest';
import { type DemoServer, startDemoServer } from './support.ts';

let server: DemoServer;
beforeAll(async () => {
  // The standard OTEL_* variables switch tracing on; the console exporter makes spans visible here.
  server = await startDemoServer({ OTEL_TRACES_EXPORTER: 'console', OTEL_SERVICE_NAME: 'fleetscope-e2e' });
});
afterAll(() => server?.stop());

it('traces GraphQL requests with OpenTelemetry when OTEL_* asks for it', async () => {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ fleet { version } }' }),
  });
  expect(response.status).toBe(200);
  await expect
    .poll(() => server.stdout(), { timeout: 30_000, interval: 250 })
    .toMatch(/'url\.path': '\/graphql'/);
  expect(server.stdout()).toMatch(/'service\.name': 'fleetscope-e2e'|fleetscope-e2e/);
});
