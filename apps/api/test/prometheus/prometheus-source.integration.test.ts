import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SignalName, SignalSet } from '@fleetscope/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROMETHEUS_SIGNALS } from '../../src/sources/prometheus/catalog.ts';
import { PrometheusSource } from '../../src/sources/prometheus/prometheus.source.ts';
import { PrometheusClient } from '../../src/sources/prometheus/prometheus-client.ts';
import {
  DEFAULT_PROMETHEUS_CONFIG,
  type PrometheusConfig,
} from '../../src/sources/prometheus/prometheus-config.ts';
import { type PrometheusServer, startPrometheus } from '../support/prometheus-server.ts';

/**
 * The catalog against a real Prometheus scraping a fake control plane whose counters grow every second.
 * Proves the PromQL parses and answers on a real engine (including the SLI→full-latency fallback and
 * APPLY in writes), and that a dead Prometheus turns into per-signal errors.
 */

const LATENCY_BOUNDS = [
  '0.05',
  '0.1',
  '0.2',
  '0.4',
  '0.6',
  '0.8',
  '1',
  '1.25',
  '1.5',
  '2',
  '3',
  '5',
  '10',
  '30',
  '60',
];
const FSYNC_BOUNDS = [
  '0.001',
  '0.002',
  '0.004',
  '0.008',
  '0.016',
  '0.032',
  '0.064',
  '0.128',
  '0.256',
  '0.512',
  '1.024',
  '2.048',
  '4.096',
  '8.192',
];

/** A classic histogram whose observations all fall in the buckets named in `perBucket` (upper bound → per second). */
function histogram(
  name: string,
  labels: string,
  bounds: readonly string[],
  perBucket: Record<string, number>,
  seconds: number,
): string {
  const lines: string[] = [];
  const prefix = labels === '' ? '' : `${labels},`;
  const plain = labels === '' ? '' : `{${labels}}`;
  let cumulative = 0;
  let sum = 0;
  for (const bound of [...bounds, '+Inf']) {
    const count = (perBucket[bound] ?? 0) * seconds;
    cumulative += count;
    sum += count * Number(bound);
    lines.push(`${name}_bucket{${prefix}le="${bound}"} ${cumulative}`);
  }
  lines.push(`${name}_sum${plain} ${sum}`, `${name}_count${plain} ${cumulative}`);
  return lines.join('\n');
}

const req = (verb: string, scope: string, resource: string) =>
  `verb="${verb}",scope="${scope}",resource="${resource}",group="",version="v1",subresource="",component="apiserver"`;

/**
 * API server: GET 20/s + 0.2/s 5xx (resource scope), LIST 2/s (cluster scope), POST 5/s and APPLY 1/s.
 * The SLI metric exists for reads only, so reads use it and writes fall back to the full metric. APPLY is
 * the slowest write: the write p99 lands in its bucket only if APPLY is counted.
 */
function apiserverExposition(t: number): string {
  return [
    '# TYPE apiserver_request_total counter',
    `apiserver_request_total{${req('GET', 'resource', 'pods')},dry_run="",code="200"} ${20 * t}`,
    `apiserver_request_total{${req('GET', 'resource', 'pods')},dry_run="",code="500"} ${0.2 * t}`,
    `apiserver_request_total{${req('LIST', 'cluster', 'pods')},dry_run="",code="200"} ${2 * t}`,
    `apiserver_request_total{${req('POST', 'namespace', 'pods')},dry_run="",code="201"} ${5 * t}`,
    `apiserver_request_total{${req('APPLY', 'namespace', 'deployments')},dry_run="",code="200"} ${1 * t}`,
    '# TYPE apiserver_request_sli_duration_seconds histogram',
    histogram(
      'apiserver_request_sli_duration_seconds',
      req('GET', 'resource', 'pods'),
      LATENCY_BOUNDS,
      { '0.1': 20.2 },
      t,
    ),
    histogram(
      'apiserver_request_sli_duration_seconds',
      req('LIST', 'cluster', 'pods'),
      LATENCY_BOUNDS,
      { '0.2': 2 },
      t,
    ),
    '# TYPE apiserver_request_duration_seconds histogram',
    histogram(
      'apiserver_request_duration_seconds',
      `${req('GET', 'resource', 'pods')},dry_run=""`,
      LATENCY_BOUNDS,
      { '0.8': 20.2 },
      t,
    ),
    histogram(
      'apiserver_request_duration_seconds',
      `${req('LIST', 'cluster', 'pods')},dry_run=""`,
      LATENCY_BOUNDS,
      { '0.8': 2 },
      t,
    ),
    histogram(
      'apiserver_request_duration_seconds',
      `${req('POST', 'namespace', 'pods')},dry_run=""`,
      LATENCY_BOUNDS,
      { '0.4': 5 },
      t,
    ),
    histogram(
      'apiserver_request_duration_seconds',
      `${req('APPLY', 'namespace', 'deployments')},dry_run=""`,
      LATENCY_BOUNDS,
      { '1': 1 },
      t,
    ),
    '# TYPE apiserver_longrunning_requests gauge',
    `apiserver_longrunning_requests{${req('WATCH', 'cluster', 'pods')}} 42`,
    '',
  ].join('\n');
}

/** etcd: 49 of 50 fsyncs per second take 1.024–2.048 s. */
function etcdExposition(t: number): string {
  return [
    '# TYPE etcd_server_has_leader gauge',
    'etcd_server_has_leader 1',
    '# TYPE etcd_mvcc_db_total_size_in_bytes gauge',
    'etcd_mvcc_db_total_size_in_bytes 2.5e+07',
    '# TYPE etcd_disk_wal_fsync_duration_seconds histogram',
    histogram('etcd_disk_wal_fsync_duration_seconds', '', FSYNC_BOUNDS, { '0.002': 1, '2.048': 49 }, t),
    '',
  ].join('\n');
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A port nothing listens on: the scheduler job scrapes it and gets up=0. */
async function deadPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const logger = { warn: () => {}, info: () => {} };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function config(url: string, clusterLabel: string | null): PrometheusConfig {
  // Rate window 10s: with a 1s scrape Prometheus has ~10 samples in it within seconds of starting.
  return {
    ...DEFAULT_PROMETHEUS_CONFIG,
    sharedUrl: url,
    urls: null,
    clusterLabel,
    window: '10s',
    retries: 1,
  };
}

const value = (set: SignalSet, name: SignalName, labels: Record<string, string> = {}): number | undefined =>
  set.signals[name]?.samples.find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

describe('PrometheusSource against a real Prometheus', () => {
  const started = Date.now();
  const exposition = createServer((request, response) => {
    const t = (Date.now() - started) / 1000;
    const body =
      request.url === '/apiserver/metrics'
        ? apiserverExposition(t)
        : request.url === '/etcd/metrics'
          ? etcdExposition(t)
          : null;
    response.writeHead(body === null ? 404 : 200, { 'content-type': 'text/plain; version=0.0.4' });
    response.end(body ?? 'not found');
  });
  let prometheus: PrometheusServer;

  beforeAll(async () => {
    const port = await listen(exposition);
    const target = `127.0.0.1:${port}`;
    prometheus = await startPrometheus({
      jobs: [
        { name: 'apiserver', targets: [target], metricsPath: '/apiserver/metrics' },
        { name: 'etcd', targets: [target], metricsPath: '/etcd/metrics' },
        { name: 'kube-scheduler', targets: [`127.0.0.1:${await deadPort()}`] },
        // no controller-manager job at all
      ],
    });
  }, 30_000);

  afterAll(async () => {
    await prometheus?.stop();
    await new Promise((resolve) => exposition.close(resolve));
  });

  it('answers every catalog query, then reports a dead Prometheus per signal without throwing', async () => {
    const source = new PrometheusSource({ config: config(prometheus.url, null), logger });

    // Rates are extrapolated from what the window holds: wait (bounded) until Prometheus has a full 10s
    // window of scrapes of every job (its scrape manager starts ~5 s after it is ready).
    const client = new PrometheusClient({ url: prometheus.url });
    for (let i = 0; i < 40; i++) {
      const scrapes = await client.query('min(count_over_time(up[10s]))', Date.now());
      if ((scrapes[0]?.value ?? 0) >= 10) break;
      await sleep(500);
    }
    const set = await source.collect('prod', Date.now());

    // Every query is valid PromQL on a real engine.
    for (const name of PROMETHEUS_SIGNALS) {
      expect(set.signals[name], name).toMatchObject({ error: null, source: `prometheus ${prometheus.url}` });
      expect(set.signals[name]?.observedAt).toBeTypeOf('number');
    }

    // The SLI metric is preferred where it exists (reads: 0.05–0.1 s, not the full metric's 0.6–0.8 s)…
    expect(value(set, 'read_p99_seconds', { scope: 'resource' })).toBeGreaterThan(0.05);
    expect(value(set, 'read_p99_seconds', { scope: 'resource' })).toBeLessThanOrEqual(0.1);
    expect(value(set, 'read_p99_seconds', { scope: 'cluster' })).toBeGreaterThan(0.1);
    expect(value(set, 'read_p99_seconds', { scope: 'cluster' })).toBeLessThanOrEqual(0.2);
    // …and the full metric answers where it does not (writes). APPLY (0.8–1 s) is counted.
    expect(value(set, 'write_p99_seconds')).toBeGreaterThan(0.8);
    expect(value(set, 'write_p99_seconds')).toBeLessThanOrEqual(1);
    expect(set.signals.write_p99_seconds?.window).toBe('10s');

    expect(value(set, 'read_requests_per_second')).toBeGreaterThan(20);
    expect(value(set, 'read_requests_per_second')).toBeLessThan(24.5);
    expect(value(set, 'write_requests_per_second')).toBeGreaterThan(5);
    expect(value(set, 'write_requests_per_second')).toBeLessThan(7);
    // Nothing slow, 0.2/s of 22.2/s reads are 5xx.
    expect(value(set, 'read_error_ratio')).toBeGreaterThan(0.005);
    expect(value(set, 'read_error_ratio')).toBeLessThan(0.015);
    expect(value(set, 'write_error_ratio')).toBeCloseTo(0, 6);

    const fsync = value(set, 'etcd_wal_fsync_p99_seconds');
    expect(fsync).toBeGreaterThan(1);
    expect(fsync).toBeLessThanOrEqual(2.048);
    expect(value(set, 'etcd_has_leader')).toBe(1);
    expect(value(set, 'etcd_members_up')).toBe(1);
    expect(value(set, 'watch_longrunning')).toBe(42);

    expect(value(set, 'target_up', { job: 'apiserver' })).toBe(1);
    expect(value(set, 'target_up', { job: 'etcd' })).toBe(1);
    expect(value(set, 'target_up', { job: 'scheduler' })).toBe(0);
    expect(value(set, 'target_up', { job: 'controller-manager' })).toBeUndefined();
    expect(set.observable).toEqual({ etcd: true, scheduler: true, controllers: false });
    // Never-incremented counter on a target that is up: no series, no error (diagnostics read 0).
    expect(set.signals.apf_rejected_per_second).toMatchObject({ samples: [], error: null });
    // API server seen, no webhook called: 0 webhooks (admission not applicable).
    expect(value(set, 'admission_webhooks_configured')).toBe(0);

    // A chart of the last 8 s at 1 s resolution (downsampling of long ranges is unit-tested).
    const now = Date.now();
    const chart = await source.series('prod', 'read_requests_per_second', {
      start: now - 8_000,
      end: now,
      stepSeconds: 1,
    });
    expect(chart).toMatchObject({ error: null, stepSeconds: 1, window: '10s' });
    expect(chart.lines).toHaveLength(1);
    expect(chart.lines[0]?.points.length).toBeGreaterThanOrEqual(8);
    for (const point of chart.lines[0]?.points ?? []) {
      expect(point.t).toBeGreaterThanOrEqual(now - 8_000);
      expect(point.v).toBeGreaterThan(0);
    }

    // With a cluster label injected into every selector, every query still parses; this Prometheus
    // has no such label, so nothing matches — and "no API server seen" never claims 0 webhooks.
    const shared = await new PrometheusSource({ config: config(prometheus.url, 'cluster'), logger }).collect(
      'prod',
      Date.now(),
    );
    for (const name of PROMETHEUS_SIGNALS) {
      expect(shared.signals[name], name).toMatchObject({ error: null, samples: [] });
    }
    // Matching nothing (a label this Prometheus does not have) is not proof of a managed control plane.
    expect(shared.observable).toEqual({ etcd: true, scheduler: true, controllers: true });

    await prometheus.stop();
    const down = await source.collect('prod', Date.now());
    for (const name of PROMETHEUS_SIGNALS) {
      expect(down.signals[name]?.error, name).toContain(`Prometheus ${prometheus.url}`);
      expect(down.signals[name]).toMatchObject({ samples: [], observedAt: null });
    }
    // Unreachable proves nothing about observability: the parts must read UNKNOWN, not "not observable".
    expect(down.observable).toEqual({ etcd: true, scheduler: true, controllers: true });
  }, 60_000);
});
