import { SIGNAL_NAMES } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.ts';
import { renderExposition } from '../src/control-plane/exposition.ts';
import type { Target } from '../src/control-plane/families.ts';
import { simulatedSignals } from '../src/control-plane/simulated-signals.ts';
import { createFleet, type SimFleet } from '../src/fleet.ts';
import { FLEETSCOPE_NAMESPACE } from '../src/generate/cluster.ts';
import {
  CONTROL_PLANE_SCENARIO_NAMES,
  controlPlaneScenarioByName,
  expectedControlPlane,
} from '../src/scenarios/control-plane/index.ts';
import { CONTROL_PLANE_COMPONENTS } from '../src/scenarios/control-plane/scenario.ts';
import { judge } from './control-plane-judge.ts';
import { type ParsedExposition, p99FromDeltas, parseExposition, sumOf } from './exposition-parser.ts';

const CLUSTER = 'prod-us-east';
const FIVE_MINUTES = 5 * 60_000;

function fleetWith(scenario: string, clock = new ManualClock()): SimFleet {
  return createFleet({ size: 'small', seed: 5, clock, controlPlane: { [CLUSTER]: scenario } });
}

function scrape(fleet: SimFleet, target: Target, member = 0): ParsedExposition | undefined {
  const families = fleet.cluster(CLUSTER).controlPlane.evaluate(target, member);
  return families ? parseExposition(renderExposition(families)) : undefined;
}

const TARGETS: [Target, number][] = [
  ['apiserver', 0],
  ['etcd', 0],
  ['etcd', 1],
  ['etcd', 2],
  ['scheduler', 0],
  ['controller-manager', 0],
];

describe('control-plane exposition', () => {
  it.each(CONTROL_PLANE_SCENARIO_NAMES)('%s: every target renders valid, cumulative text format', (name) => {
    const fleet = fleetWith(name);
    let scraped = 0;
    for (const [target, member] of TARGETS) {
      const parsed = scrape(fleet, target, member);
      if (!parsed) continue;
      scraped++;
      expect(parsed.samples.length).toBeGreaterThan(0);
    }
    const spec = controlPlaneScenarioByName(name).spec;
    expect(scraped).toBe(spec.managed ? 1 : 3 + spec.etcd.up);
  });

  it('uses the real names, labels and buckets', () => {
    const fleet = fleetWith('healthy');
    const api = scrape(fleet, 'apiserver') as ParsedExposition;
    const total = api.samples.find((s) => s.name === 'apiserver_request_total');
    expect(Object.keys(total?.labels ?? {}).sort()).toEqual(
      ['code', 'component', 'dry_run', 'group', 'resource', 'scope', 'subresource', 'verb', 'version'].sort(),
    );
    const les = api.samples
      .filter(
        (s) =>
          s.name === 'apiserver_request_duration_seconds_bucket' &&
          s.labels.verb === 'GET' &&
          s.labels.resource === 'pods',
      )
      .map((s) => s.labels.le);
    expect(les[0]).toBe('0.005');
    expect(les.slice(-2)).toEqual(['60', '+Inf']);
    expect(new Set(api.samples.map((s) => s.labels.verb))).toEqual(
      new Set([undefined, 'GET', 'LIST', 'WATCH', 'POST', 'PUT', 'PATCH', 'DELETE', 'APPLY']),
    );
    const sli = api.samples.filter((s) => s.name === 'apiserver_request_sli_duration_seconds_count');
    expect(sli.every((s) => !('dry_run' in s.labels))).toBe(true);
    const etcd = scrape(fleet, 'etcd') as ParsedExposition;
    const fsync = etcd.samples
      .filter((s) => s.name === 'etcd_disk_wal_fsync_duration_seconds_bucket')
      .map((s) => s.labels.le);
    expect(fsync).toEqual([
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
      '+Inf',
    ]);
    expect(sumOf(etcd, 'etcd_server_has_leader')).toBe(1);
    expect(
      sumOf(
        scrape(fleet, 'scheduler') as ParsedExposition,
        'scheduler_pending_pods',
        (l) => l.queue === 'unschedulable',
      ),
    ).toBe(1);
    const cm = scrape(fleet, 'controller-manager') as ParsedExposition;
    expect(cm.samples.filter((s) => s.name === 'workqueue_depth').map((s) => s.labels.name)).toEqual([
      'deployment',
      'replicaset',
      'endpointslice',
      'node_lifecycle_controller',
    ]);
  });

  it('counts only what happened: a calm cluster has no APF rejections or webhook errors', () => {
    const api = scrape(fleetWith('healthy'), 'apiserver') as ParsedExposition;
    const names = new Set(api.samples.map((s) => s.name));
    expect(names.has('apiserver_flowcontrol_rejected_requests_total')).toBe(false);
    expect(names.has('apiserver_admission_webhook_rejection_count')).toBe(false);
    expect(names.has('apiserver_terminated_watchers_total')).toBe(false);
  });

  it('counters grow monotonically with time, also across a scenario switch', () => {
    const clock = new ManualClock();
    const fleet = fleetWith('healthy', clock);
    const cluster = fleet.cluster(CLUSTER);
    const series = (p: ParsedExposition): Map<string, number> =>
      new Map(
        p.samples
          .filter((s) => p.types.get(s.name) === 'counter' || /_(bucket|sum|count)$/.test(s.name))
          .map((s) => [`${s.name}${JSON.stringify(s.labels)}`, s.value]),
      );
    const snapshots: Map<string, number>[] = [];
    for (const step of ['healthy', 'etcd-slow-disk', 'apf-starvation', 'healthy']) {
      cluster.setControlPlaneScenario(step);
      for (let i = 0; i < 2; i++) {
        clock.advance(90_000);
        snapshots.push(series(scrape(fleet, 'apiserver') as ParsedExposition));
        snapshots.push(series(scrape(fleet, 'etcd') as ParsedExposition));
      }
    }
    let grew = 0;
    for (let i = 2; i < snapshots.length; i++) {
      const previous = snapshots[i - 2] as Map<string, number>;
      for (const [key, value] of snapshots[i] as Map<string, number>) {
        const before = previous.get(key);
        if (before === undefined) continue;
        expect(value, key).toBeGreaterThanOrEqual(before);
        if (value > before) grew++;
      }
      for (const key of previous.keys())
        expect((snapshots[i] as Map<string, number>).has(key), key).toBe(true);
    }
    expect(grew).toBeGreaterThan(100);
  });

  it('is deterministic: same scenario and clock, same bytes', () => {
    const a = fleetWith('etcd-slow-disk', new ManualClock(1_700_000_000_000));
    const b = fleetWith('etcd-slow-disk', new ManualClock(1_700_000_000_000));
    for (const [target, member] of TARGETS) {
      const render = (f: SimFleet): string =>
        renderExposition(f.cluster(CLUSTER).controlPlane.evaluate(target, member) ?? []);
      expect(render(a)).toBe(render(b));
    }
  });

  it.each([
    ['healthy', 0.001, 0.05],
    ['etcd-slow-disk', 1, 2],
  ])('%s: WAL fsync p99 from 5 minutes of bucket deltas is in (%f, %f)', (name, low, high) => {
    const clock = new ManualClock();
    const fleet = fleetWith(name, clock);
    const before = scrape(fleet, 'etcd', 1) as ParsedExposition;
    clock.advance(FIVE_MINUTES);
    const after = scrape(fleet, 'etcd', 1) as ParsedExposition;
    const p99 = p99FromDeltas(before, after, 'etcd_disk_wal_fsync_duration_seconds');
    expect(p99).toBeGreaterThan(low);
    expect(p99).toBeLessThan(high);
    if (name === 'etcd-slow-disk') {
      expect(p99).toBeCloseTo(1.3, 1);
      const write = (l: Record<string, string>): boolean =>
        ['POST', 'PUT', 'PATCH', 'DELETE', 'APPLY'].includes(l.verb ?? '');
      const apiBefore = scrape(fleet, 'apiserver') as ParsedExposition;
      clock.advance(FIVE_MINUTES);
      const apiAfter = scrape(fleet, 'apiserver') as ParsedExposition;
      expect(
        p99FromDeltas(apiBefore, apiAfter, 'apiserver_request_sli_duration_seconds', write),
      ).toBeGreaterThan(1);
      const read = (l: Record<string, string>): boolean => l.verb === 'GET';
      expect(p99FromDeltas(apiBefore, apiAfter, 'apiserver_request_sli_duration_seconds', read)).toBeLessThan(
        0.1,
      );
    }
  });

  it('managed clusters expose only the API server; a down etcd member cannot be scraped', () => {
    const managed = fleetWith('managed-no-etcd-metrics');
    expect(scrape(managed, 'apiserver')).toBeDefined();
    for (const target of ['etcd', 'scheduler', 'controller-manager'] as const)
      expect(scrape(managed, target)).toBeUndefined();
    const lost = fleetWith('etcd-lost-quorum');
    expect(sumOf(scrape(lost, 'etcd', 0) as ParsedExposition, 'etcd_server_has_leader')).toBe(0);
    expect(scrape(lost, 'etcd', 1)).toBeUndefined();
    expect(scrape(lost, 'etcd', 2)).toBeUndefined();
  });

  it('leaves the data plane alone and gives every cluster the fleetscope namespace', () => {
    const plain = createFleet({ size: 'small', seed: 5 });
    const incident = fleetWith('etcd-lost-quorum');
    expect(incident.groundTruth(CLUSTER)).toEqual(plain.groundTruth(CLUSTER));
    expect(plain.cluster(CLUSTER).controlPlaneScenario).toBe('healthy');
    expect(incident.cluster(CLUSTER).controlPlaneScenario).toBe('etcd-lost-quorum');
    expect(incident.cluster('prod-eu-west').controlPlaneScenario).toBe('healthy');
    for (const c of plain.clusters)
      expect(c.get('namespaces', undefined, FLEETSCOPE_NAMESPACE)).toBeDefined();
    expect(() => createFleet({ size: 'small', controlPlane: { nope: 'healthy' } })).toThrow(
      /no simulated cluster "nope"/,
    );
    expect(() => createFleet({ size: 'small', controlPlane: { [CLUSTER]: 'nope' } })).toThrow(
      /unknown control-plane scenario/,
    );
  });
});

describe('simulatedSignals', () => {
  it.each(CONTROL_PLANE_SCENARIO_NAMES)('%s: signals support the expected verdicts', (name) => {
    const fleet = fleetWith(name);
    const set = simulatedSignals(fleet.cluster(CLUSTER));
    const expected = expectedControlPlane(name);
    const statuses = judge(set);
    for (const component of CONTROL_PLANE_COMPONENTS) {
      expect({ component, status: statuses[component] }).toEqual({
        component,
        status: expected[component].status,
      });
    }
    expect(set.cluster).toBe(CLUSTER);
    for (const signal of Object.values(set.signals)) {
      expect(signal.source).toBe('simulator');
      expect(['', '5m', '15m']).toContain(signal.window);
      for (const s of signal.samples) expect(Number.isFinite(s.value)).toBe(true);
    }
  });

  it('matches what a Prometheus would compute from the exposition', () => {
    const clock = new ManualClock();
    const fleet = fleetWith('etcd-slow-disk', clock);
    const cluster = fleet.cluster(CLUSTER);
    const apiBefore = scrape(fleet, 'apiserver') as ParsedExposition;
    const etcdBefore = scrape(fleet, 'etcd') as ParsedExposition;
    clock.advance(FIVE_MINUTES);
    const apiAfter = scrape(fleet, 'apiserver') as ParsedExposition;
    const etcdAfter = scrape(fleet, 'etcd') as ParsedExposition;
    const set = simulatedSignals(cluster);
    const read = (l: Record<string, string>): boolean => l.verb === 'GET' || l.verb === 'LIST';
    const readRate =
      (sumOf(apiAfter, 'apiserver_request_total', read) - sumOf(apiBefore, 'apiserver_request_total', read)) /
      300;
    expect(set.signals.read_requests_per_second?.samples[0]?.value).toBeCloseTo(readRate, 1);
    const fsync = set.signals.etcd_wal_fsync_p99_seconds?.samples.find((s) => s.labels.instance === 'etcd-0');
    expect(fsync?.value).toBeCloseTo(
      p99FromDeltas(etcdBefore, etcdAfter, 'etcd_disk_wal_fsync_duration_seconds'),
      2,
    );
    expect(set.signals.etcd_wal_fsync_p99_seconds?.window).toBe('5m');
    expect(set.signals.etcd_wal_fsync_p99_seconds?.observedAt).toBe(clock.now());
  });

  it('names the culprits: webhook, priority level, terminated watchers', () => {
    const signals = (name: string) => simulatedSignals(fleetWith(name).cluster(CLUSTER)).signals;
    expect(signals('admission-webhook-timeout').admission_webhook_rejections_per_second?.samples).toEqual([
      {
        labels: { name: 'policy.example.com', error_type: 'calling_webhook_error' },
        value: expect.closeTo(0.4, 5),
      },
    ]);
    const apf = signals('apf-starvation').apf_rejected_per_second?.samples ?? [];
    expect(apf.map((s) => s.labels)).toEqual([
      { priority_level: 'workload-low', reason: 'queue-full' },
      { priority_level: 'workload-low', reason: 'concurrency-limit' },
    ]);
    const watch = signals('watch-cache-pressure').watch_terminated_watchers_per_second?.samples ?? [];
    expect(watch.find((s) => s.labels.resource === 'pods')?.value).toBeCloseTo(0.2, 5);
    const lost = signals('etcd-lost-quorum');
    expect(lost.etcd_members_up?.samples[0]?.value).toBe(1);
    expect(lost.etcd_members_total?.samples[0]?.value).toBe(3);
    expect(lost.target_up?.samples.filter((s) => s.labels.job === 'etcd').map((s) => s.value)).toEqual([
      1, 0, 0,
    ]);
  });

  it('managed: no etcd/scheduler/controller signals, observable says so; unreachable: every signal errs', () => {
    const managed = simulatedSignals(fleetWith('managed-no-etcd-metrics').cluster(CLUSTER));
    expect(managed.observable).toEqual({ etcd: false, scheduler: false, controllers: false });
    expect(Object.keys(managed.signals).filter((n) => /^(etcd_|scheduler_|workqueue_)/.test(n))).toEqual([]);
    expect(managed.signals.apiserver_storage_size_bytes?.samples[0]?.value).toBeGreaterThan(0);
    const unreachable = simulatedSignals(fleetWith('prometheus-unreachable').cluster(CLUSTER));
    const metricNames = SIGNAL_NAMES.filter((n) => !n.startsWith('probe_'));
    expect(Object.keys(unreachable.signals).sort()).toEqual([...metricNames].sort());
    for (const signal of Object.values(unreachable.signals)) {
      expect(signal.error).toMatch(/unreachable/);
      expect(signal.samples).toEqual([]);
      expect(signal.observedAt).toBeNull();
    }
  });

  it('expectedControlPlane covers every component and returns a copy', () => {
    const expected = expectedControlPlane('etcd-lost-quorum');
    expect(Object.keys(expected)).toEqual([...CONTROL_PLANE_COMPONENTS]);
    expect(expected.overall).toMatchObject({ status: 'DOWN', operationsPath: true, userPath: false });
    expected.overall.status = 'HEALTHY';
    expect(expectedControlPlane('etcd-lost-quorum').overall.status).toBe('DOWN');
    expect(expectedControlPlane('managed-no-etcd-metrics').etcd.status).toBe('NOT_APPLICABLE');
    expect(expectedControlPlane('prometheus-unreachable').overall.status).toBe('UNKNOWN');
    expect(() => expectedControlPlane('nope')).toThrow(/known: healthy, etcd-slow-disk/);
  });
});
