import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createFleet, type FleetServers, startFleetServers, systemClock } from '@fleetscope/fleet-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/app-config.ts';
import { type RunningServer, startServer } from '../../src/server.ts';
import { PrometheusSource } from '../../src/sources/prometheus/prometheus.source.ts';
import { DEFAULT_PROMETHEUS_CONFIG } from '../../src/sources/prometheus/prometheus-config.ts';
import { JsonLogger } from '../../src/telemetry/json-logger.ts';
import { healthzDuring } from '../hostile/hostile-clients.ts';
import { eventually } from '../support/harness.ts';
import { type PrometheusServer, type ScrapeJob, startPrometheus } from '../support/prometheus-server.ts';

// The Prometheus half of the fault matrix, end to end: the simulator's exposition, scraped by a real
// Prometheus, reached through a fault-injecting proxy by the production PrometheusSource inside the real
// server (collecting every second). Each case: the parts that rest on metrics read UNKNOWN with a reason
// the user can act on (never HEALTHY), the collector keeps going, /healthz answers in < 1 s, and the
// verdicts come back once Prometheus does.

type Mode =
  | 'ok'
  | 'down'
  | 'slow'
  | '5xx'
  | 'garbage'
  | 'nan'
  | 'inf'
  | 'missing-series'
  | 'missing-cluster-label';

const CLUSTER = 'prod-us-east';
let fleet: FleetServers;
let prometheus: PrometheusServer;
let proxy: FaultProxy;
let api: RunningServer;

/** An HTTP proxy in front of Prometheus that answers as a broken one would. */
interface FaultProxy {
  url: string;
  mode: Mode;
  queries: number;
  close(): Promise<void>;
}

async function startProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  let server: Server;
  const state: FaultProxy = {
    url: '',
    mode: 'ok',
    queries: 0,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const forward = (
    req: IncomingMessage,
    body: Buffer,
    rewrite: (text: string) => string,
    res: ServerResponse,
  ) => {
    const out = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          const raw = Buffer.concat(chunks);
          const plain = answer.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
          const text = rewrite(plain.toString('utf8'));
          res.writeHead(answer.statusCode ?? 502, { 'content-type': 'application/json' });
          res.end(text);
        });
      },
    );
    out.on('error', () => res.destroy());
    out.end(body);
  };
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      state.queries += 1;
      const body = Buffer.concat(chunks);
      switch (state.mode) {
        case 'slow':
          return; // never answers: the client's timeout must end it
        case '5xx':
          res.writeHead(503, { 'content-type': 'text/plain' });
          res.end('Service Unavailable');
          return;
        case 'garbage':
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('<html><body>502 Bad Gateway</body></html>');
          return;
        case 'nan':
        case 'inf': {
          const value = state.mode === 'nan' ? 'NaN' : '+Inf';
          return forward(req, body, (t) => t.replace(/,"[^"]*"\]/g, `,"${value}"]`), res);
        }
        case 'missing-series':
          return forward(req, body, (t) => t.replace(/"result":\[.*\]\}/s, '"result":[]}'), res);
        case 'missing-cluster-label': {
          // The series exist, but without the cluster label: the selector Fleetscope injects
          // (cluster="prod-us-east") matches nothing, and Prometheus answers an empty result.
          const query = new URLSearchParams(body.toString('utf8')).get('query') ?? '';
          const named = query.includes(`cluster="${CLUSTER}"`);
          return forward(
            req,
            body,
            (t) => (named ? t.replace(/"result":\[.*\]\}/s, '"result":[]}') : t),
            res,
          );
        }
        default:
          return forward(req, body, (t) => t, res);
      }
    });
  };
  server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  state.url = `http://127.0.0.1:${port}`;
  let current: Mode = 'ok';
  // `down` closes the port (connection refused); leaving it listens on the same port again.
  return Object.defineProperty(state, 'mode', {
    get: () => current,
    set: (next: Mode) => {
      if (next === 'down' && current !== 'down') {
        server.close();
        server.closeAllConnections();
      } else if (current === 'down' && next !== 'down') {
        server = createServer(handler);
        server.listen(port, '127.0.0.1');
      }
      current = next;
    },
  });
}

function scrapeJobs(servers: FleetServers): ScrapeJob[] {
  const jobs: Record<string, ScrapeJob> = {
    apiserver: { name: 'apiserver', targets: [], staticConfigs: [] },
    etcd: { name: 'etcd', targets: [], staticConfigs: [] },
    scheduler: { name: 'kube-scheduler', targets: [], staticConfigs: [] },
    cm: { name: 'kube-controller-manager', targets: [], staticConfigs: [] },
  };
  for (const server of servers.servers) {
    const cluster = server.cluster.name;
    const at = (path: string, extra: Record<string, string> = {}) => ({
      targets: [`127.0.0.1:${server.port}`],
      labels: { cluster, __metrics_path__: path, ...extra },
    });
    jobs.apiserver?.staticConfigs?.push(at('/sim/metrics/apiserver'));
    for (const member of ['etcd-0', 'etcd-1', 'etcd-2'])
      jobs.etcd?.staticConfigs?.push(at(`/sim/metrics/etcd/${member}`, { instance: `${cluster}-${member}` }));
    jobs.scheduler?.staticConfigs?.push(at('/sim/metrics/scheduler'));
    jobs.cm?.staticConfigs?.push(at('/sim/metrics/controller-manager'));
  }
  return Object.values(jobs);
}

interface Part {
  status: string;
  summary: string;
}
interface ControlPlaneView {
  status: string;
  summary: string;
  etcd: Part;
  scheduler: Part;
  controllers: Part;
}

async function controlPlane(): Promise<ControlPlaneView> {
  const response = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `query($n: String!) { cluster(name: $n) { controlPlane { status summary
        etcd { status summary } scheduler { status summary } controllers { status summary } } } }`,
      variables: { n: CLUSTER },
    }),
  });
  const result = (await response.json()) as { data?: { cluster: { controlPlane: ControlPlaneView } } };
  const view = result.data?.cluster.controlPlane;
  if (!view) throw new Error(`no control plane in ${JSON.stringify(result)}`);
  return view;
}

const METRIC_PARTS = ['etcd', 'scheduler', 'controllers'] as const;

async function healthy(): Promise<void> {
  await eventually(async () => {
    const view = await controlPlane();
    for (const part of METRIC_PARTS)
      expect(`${part} ${view[part].status}: ${view[part].summary}`).toMatch(/^\S+ HEALTHY/);
  }, 45_000);
}

beforeAll(async () => {
  const sim = createFleet({ seed: 7, size: 'small', clock: systemClock });
  const kubeconfig = join(mkdtempSync(join(tmpdir(), 'fleetscope-test-')), 'kubeconfig');
  fleet = await startFleetServers(sim, { kubeconfig, latencyScale: 0.01 });
  prometheus = await startPrometheus({ jobs: scrapeJobs(fleet), scrapeIntervalSeconds: 1 });
  proxy = await startProxy(prometheus.url);
  const config = parseConfig(
    [
      '--port',
      '0',
      '--debounce-ms',
      '100',
      '--web-dist',
      '',
      '--metrics-interval',
      '1',
      '--probe-interval',
      '0',
    ],
    {},
    { webDist: null },
  );
  api = await startServer({
    config,
    targets: { kubeconfigPath: kubeconfig, contexts: sim.clusters.map((c) => c.name) },
    logger: new JsonLogger('error', () => {}),
    metrics: new PrometheusSource({
      config: {
        ...DEFAULT_PROMETHEUS_CONFIG,
        urls: null,
        sharedUrl: proxy.url,
        clusterLabel: 'cluster',
        timeoutMs: 1_000,
        retries: 0,
      },
      logger: { warn: () => {}, info: () => {} },
    }),
  });
  await healthy();
}, 90_000);

afterAll(async () => {
  await api?.close();
  await proxy?.close();
  await prometheus?.stop();
  await fleet?.close();
});

const CASES: Array<{ mode: Mode; reason: RegExp }> = [
  { mode: 'down', reason: /^no usable input: .*(ECONNREFUSED|unreachable|refused)/i },
  { mode: 'slow', reason: /timed out|timeout|no answer/i },
  { mode: '5xx', reason: /503/ },
  { mode: 'garbage', reason: /not JSON|malformed|invalid|garbage/i },
  // NaN everywhere is no data at all (NaN drops a series: no traffic is not a latency).
  { mode: 'nan', reason: /^no usable input: no [\w-]+ metrics from prometheus http:/ },
  { mode: 'inf', reason: /\+Inf|Inf/ },
  { mode: 'missing-series', reason: /^no usable input: no [\w-]+ metrics from prometheus http:/ },
  { mode: 'missing-cluster-label', reason: /^no usable input: no [\w-]+ metrics from prometheus http:/ },
];

describe('Prometheus faults', () => {
  it.each(CASES)(
    '$mode: metric-based parts UNKNOWN with the reason, then HEALTHY again',
    { timeout: 120_000 },
    async (c) => {
      const { healthz } = await healthzDuring(api.url, async () => {
        proxy.mode = c.mode;
        const queriesAtFault = proxy.queries;
        let seen: ControlPlaneView | undefined;
        await eventually(async () => {
          seen = await controlPlane();
          for (const part of METRIC_PARTS) {
            expect({ part, status: seen[part].status }).toEqual({ part, status: 'UNKNOWN' });
            expect(seen[part].summary).toMatch(c.reason);
          }
          expect(seen.status).not.toBe('HEALTHY');
        }, 30_000);
        // The collector keeps collecting through the fault (a down Prometheus counts no queries).
        if (c.mode !== 'down') {
          const at = proxy.queries;
          await eventually(async () => expect(proxy.queries).toBeGreaterThan(at), 15_000);
          expect(at).toBeGreaterThan(queriesAtFault);
        }
        proxy.mode = 'ok';
        await healthy();
      });
      expect(healthz.failures).toEqual([]);
    },
  );
});
