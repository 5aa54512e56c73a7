import { judgeControlPlanePaths } from '@fleetscope/diagnostics';
import { createFleet, ManualClock, simulatedSignals } from '@fleetscope/fleet-sim';
import type { HealthStatus, Signal, SignalHistory, SignalName } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';

const CLUSTER = 'prod-eu-west';
const START = Date.parse('2026-11-29T19:00:00Z');
const MIN = 60_000;

type PathName = 'read' | 'write' | 'admission' | 'watch';

function probe(name: SignalName, at: number, history: SignalHistory, error: string | null = null): Signal {
  return {
    name,
    samples: error === null ? [{ labels: {}, value: 0.05 }] : [],
    window: '',
    source: 'probe',
    observedAt: at,
    error,
    history,
  };
}

/**
 * Recovery per path with the simulator's own control-plane scenarios: the fault holds for 10 minutes,
 * then the cluster turns healthy (19:10). Two minutes later the 5-minute windows still hold the fault;
 * the probe of that path passes. DOWN must rest on current evidence: the path reads "recovering" (at
 * most DEGRADED) and names both the metric's last failure (19:10, from the simulator's history) and
 * since when the probe passes. With the probe still failing, nothing is recovering.
 */
describe.each<{
  scenario: string;
  path: PathName;
  before: HealthStatus;
  probe: SignalName;
  what: string;
  /** Whether the probe saw the fault (failed before the switch) or passed throughout. */
  probeFailed: boolean;
}>([
  {
    scenario: 'admission-webhook-timeout',
    path: 'admission',
    before: 'DOWN',
    probe: 'probe_admission_dry_run_seconds',
    what: 'dry-run',
    probeFailed: true,
  },
  {
    scenario: 'etcd-lost-quorum',
    path: 'write',
    before: 'DOWN',
    probe: 'probe_write_seconds',
    what: 'write probe',
    probeFailed: true,
  },
  {
    scenario: 'apf-starvation',
    path: 'read',
    before: 'DEGRADED',
    probe: 'probe_list_seconds',
    what: 'LIST',
    probeFailed: false,
  },
  {
    scenario: 'watch-cache-pressure',
    path: 'watch',
    before: 'DEGRADED',
    probe: 'probe_watch_delivery_seconds',
    what: 'watch delivery',
    probeFailed: false,
  },
])('$scenario, then healthy: $path', ({ scenario, path, before, probe: name, what, probeFailed }) => {
  const clock = new ManualClock(START);
  const fleet = createFleet({ seed: 7, size: 'small', clock, controlPlane: { [CLUSTER]: scenario } });
  const cluster = fleet.cluster(CLUSTER);
  const judge = (probes: Signal[]) => {
    const now = clock.now();
    const set = simulatedSignals(cluster, now);
    for (const p of probes) set.signals[p.name] = p;
    return judgeControlPlanePaths({ cluster: CLUSTER, signals: set, watches: [], now }).paths[path];
  };

  clock.advance(10 * MIN);
  const during = judge([]);
  const switchedAt = clock.now();
  cluster.setControlPlaneScenario('healthy');
  clock.advance(2 * MIN);
  const passingSince = switchedAt + 30_000;
  const history = {
    failedUntil: probeFailed ? switchedAt - 5_000 : null,
    passingSince: probeFailed ? passingSince : START,
  };

  it(`is ${before} during the fault`, () => {
    expect(during.status).toBe(before);
    expect(during.summary).not.toMatch(/recovering/);
  });

  it('reads "recovering" (DEGRADED, never DOWN) once the probe passes while the window still holds the fault', () => {
    const verdict = judge([probe(name, clock.now() - 5_000, history)]);
    expect(verdict.status).toBe('DEGRADED');
    const since = probeFailed ? '19:10 UTC' : '19:00 UTC';
    expect(verdict.summary).toMatch(
      new RegExp(`^recovering: .* until 19:10 UTC; ${what} passes since ${since}`),
    );
    expect(verdict.evidence.some((e) => e.signal === name && e.value.startsWith('passing since'))).toBe(true);
  });

  it('is not recovering while the probe still fails', () => {
    const failing = probe(
      name,
      clock.now() - 5_000,
      { failedUntil: clock.now() - 5_000, passingSince: null },
      'timed out',
    );
    const verdict = judge([failing]);
    expect(verdict.summary).not.toMatch(/^recovering/);
    expect(['DOWN', 'DEGRADED']).toContain(verdict.status);
  });
});
