import { judgeControlPlanePaths } from '@fleetscope/diagnostics';
import {
  createFleet,
  expectedControlPlane,
  type FleetServers,
  startFleetServers,
  systemClock,
} from '@fleetscope/fleet-sim';
import type { ControlPlaneHealth, Signal } from '@fleetscope/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusSource } from '../../src/sources/prometheus/prometheus.source.ts';
import { DEFAULT_PROMETHEUS_CONFIG } from '../../src/sources/prometheus/prometheus-config.ts';
import { eventually } from '../support/harness.ts';
import { type PrometheusServer, type ScrapeJob, startPrometheus } from '../support/prometheus-server.ts';
import { PARTS, PATHS, scenarioGroups } from './scenario-groups.ts';

/**
 * Every control-plane scenario through the production metrics path: the simulator serves real
 * exposition, Debian's Prometheus scrapes it, PrometheusSource queries it with the catalog's PromQL,
 * and the pure diagnostics judge the result. Several simulated fleets share one Prometheus, told
 * apart by a `cluster` label, as a shared Prometheus for a real fleet would.
 */
const groups = scenarioGroups();
const fleets: FleetServers[] = [];
const scenarioOf = new Map<string, string>();
let prometheus: PrometheusServer;
const silent = { warn: () => {}, info: () => {} };

function scrapeJobs(): ScrapeJob[] {
  const job = (name: string): ScrapeJob => ({ name, targets: [], staticConfigs: [] });
  const jobs = {
    apiserver: job('apiserver'),
    etcd: job('etcd'),
    scheduler: job('kube-scheduler'),
    cm: job('kube-controller-manager'),
  };
  fleets.forEach((servers, g) => {
    for (const server of servers.servers) {
      const cluster = `g${g}-${server.cluster.name}`;
      const target = [`127.0.0.1:${server.port}`];
      const at = (path: string, extra: Record<string, string> = {}) => ({
        targets: target,
        labels: { cluster, __metrics_path__: path, ...extra },
      });
      jobs.apiserver.staticConfigs?.push(at('/sim/metrics/apiserver'));
      // A managed control plane exposes only the API server: there is nothing else to scrape.
      if (scenarioOf.get(cluster) === 'managed-no-etcd-metrics') continue;
      for (const member of ['etcd-0', 'etcd-1', 'etcd-2']) {
        jobs.etcd.staticConfigs?.push(
          at(`/sim/metrics/etcd/${member}`, { instance: `${cluster}-${member}` }),
        );
      }
      jobs.scheduler.staticConfigs?.push(at('/sim/metrics/scheduler'));
      jobs.cm.staticConfigs?.push(at('/sim/metrics/controller-manager'));
    }
  });
  return Object.values(jobs);
}

beforeAll(async () => {
  for (const [g, group] of groups.entries()) {
    const fleet = createFleet({ seed: 5 + g, size: 'small', clock: systemClock, controlPlane: group });
    fleets.push(await startFleetServers(fleet, { latencyScale: 0.01 }));
    for (const [cluster, scenario] of Object.entries(group)) scenarioOf.set(`g${g}-${cluster}`, scenario);
  }
  prometheus = await startPrometheus({ jobs: scrapeJobs(), scrapeIntervalSeconds: 1 });
}, 60_000);

afterAll(async () => {
  await prometheus?.stop();
  await Promise.all(fleets.map((f) => f.close()));
});

function source(url: string): PrometheusSource {
  return new PrometheusSource({
    config: {
      ...DEFAULT_PROMETHEUS_CONFIG,
      urls: null,
      sharedUrl: url,
      clusterLabel: 'cluster',
      retries: 0,
      timeoutMs: 3_000,
    },
    logger: silent,
  });
}

function statuses(h: ControlPlaneHealth): Record<string, string> {
  return {
    ...Object.fromEntries(PATHS.map((p) => [p, h.paths[p].status])),
    ...Object.fromEntries(PARTS.map((p) => [p, h[p].status])),
    overall: h.status,
  };
}

describe('control-plane verdicts through a real Prometheus', () => {
  it('match every scenario’s ground truth, with the impact on operations vs user path', async () => {
    const prom = source(prometheus.url);
    const clusters = [...scenarioOf.keys()];
    // Prometheus needs two scrapes per target before rates exist; the simulator's counters
    // started hours before, so from then on the 5m rates are the scenario's.
    await eventually(async () => {
      for (const cluster of clusters) {
        const set = await prom.collect(cluster, Date.now());
        const health = judgeControlPlanePaths({ cluster, signals: set, watches: [], now: Date.now() });
        const expected = expectedControlPlane(scenarioOf.get(cluster) ?? '');
        const want = Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, v.status]));
        expect({ cluster, scenario: scenarioOf.get(cluster), ...statuses(health) }).toEqual({
          cluster,
          scenario: scenarioOf.get(cluster),
          ...want,
        });
        expect({
          cluster,
          operationsPath: health.impact.operationsPath,
          userPath: health.impact.userPath,
          statement: health.impact.statement,
        }).toMatchObject({
          cluster,
          operationsPath: expected.overall.operationsPath,
          userPath: expected.overall.userPath,
        });
        for (const word of expected.overall.mentions ?? []) expect(health.impact.statement).toContain(word);
        expect(health.paths.write.evidence.every((e) => e.source.startsWith('prometheus'))).toBe(true);
      }
    }, 45_000);
  }, 60_000);

  it('shows the webhook p99 that histogram_quantile answers as the top bucket (2.5 s) as a floor with the mean', async () => {
    const prom = source(prometheus.url);
    const cluster = [...scenarioOf.entries()].find(([, s]) => s === 'admission-webhook-timeout')?.[0];
    if (cluster === undefined) throw new Error('no admission-webhook-timeout cluster');
    await eventually(async () => {
      const set = await prom.collect(cluster, Date.now());
      // What PromQL itself answers: the largest finite bucket of the v1.24 layout.
      const raw = set.signals.admission_webhook_p99_seconds?.samples.find(
        (s) => s.labels.name === 'policy.example.com',
      );
      expect(raw?.value).toBe(2.5);
      expect(raw?.saturated?.shareAbove).toBe(1);
      const health = judgeControlPlanePaths({ cluster, signals: set, watches: [], now: Date.now() });
      const admission = health.paths.admission;
      expect(admission.status).toBe('DOWN');
      expect(admission.summary).toMatch(
        /^webhook policy\.example\.com timing out \(calling_webhook_error [\d.]+\/s, 100 % of calls failing, p99 > 2\.5 s \(mean 10 s\)\)/,
      );
      const p99 = admission.evidence.find((e) =>
        e.signal.startsWith('admission_webhook_p99_seconds{name="policy.example.com"'),
      );
      expect(p99?.value).toBe('> 2.5 s (mean 10 s)');
      expect(JSON.stringify(health)).not.toMatch(/p99 2\.5 s|"value":"2\.5 s"/);
    }, 30_000);
  }, 45_000);

  it('says UNKNOWN with the reason when Prometheus is unreachable — never HEALTHY', async () => {
    const expected = expectedControlPlane('prometheus-unreachable');
    const set = await source('http://127.0.0.1:9').collect('g0-openb', Date.now());
    const health = judgeControlPlanePaths({
      cluster: 'g0-openb',
      signals: set,
      watches: [],
      now: Date.now(),
    });
    expect(statuses(health)).toEqual(
      Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, v.status])),
    );
    expect(health.paths.write.summary).toMatch(/127\.0\.0\.1:9/);
  });
});

// Last in this file: it changes a cluster's scenario.
describe('recovery through a real Prometheus', () => {
  it('reads "recovering", not DOWN, while the 5m rate still holds the webhook errors and the dry run passes again', async () => {
    const prom = source(prometheus.url);
    const cluster = [...scenarioOf.entries()].find(([, s]) => s === 'admission-webhook-timeout')?.[0];
    const g = Number(cluster?.match(/^g(\d+)-/)?.[1]);
    const name = cluster?.replace(/^g\d+-/, '');
    const servers = fleets[g];
    if (cluster === undefined || name === undefined || servers === undefined)
      throw new Error('no webhook cluster');
    // The webhook is fixed: the simulated API server stops failing, its counters stop growing.
    const fixedAt = Date.now();
    servers.server(name).cluster.setControlPlaneScenario('healthy');
    // The dry run failed in the last round before the fix and passes since (as the probe scheduler records).
    const dryRun: Signal = {
      name: 'probe_admission_dry_run_seconds',
      samples: [{ labels: {}, value: 0.04 }],
      window: '',
      source: 'probe',
      observedAt: fixedAt + 2_000,
      error: null,
      history: { failedUntil: fixedAt - 10_000, passingSince: fixedAt + 1_000 },
    };
    await eventually(async () => {
      const now = Date.now();
      const set = await prom.collect(cluster, now);
      // Prometheus still sees the errors over its 5-minute window …
      const errors = set.signals.admission_webhook_rejections_per_second?.samples.find(
        (s) => s.labels.error_type === 'calling_webhook_error',
      );
      expect(errors?.value ?? 0).toBeGreaterThan(0);
      expect(judgeControlPlanePaths({ cluster, signals: set, watches: [], now }).paths.admission.status).toBe(
        'DOWN',
      );
      // … and with the passing dry run the part is recovering, naming both.
      set.signals.probe_admission_dry_run_seconds = dryRun;
      const health = judgeControlPlanePaths({ cluster, signals: set, watches: [], now });
      expect(health.paths.admission.status).toBe('DEGRADED');
      expect(health.paths.admission.summary).toMatch(
        /^recovering: webhook policy\.example\.com timing out \(.*\) \(still in the 5m window; dry-run failed until \d\d:\d\d UTC\); dry-run passes since \d\d:\d\d UTC/,
      );
      expect(health.status).not.toBe('DOWN');
    }, 20_000);
  }, 30_000);
});
