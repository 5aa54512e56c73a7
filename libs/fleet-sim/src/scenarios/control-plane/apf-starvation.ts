import { deriveSpec } from './derive.ts';
import { type ControlPlaneScenario, expectVerdicts } from './scenario.ts';

const LEVEL = 'workload-low';

/**
 * `apf-starvation`: a noisy controller (a runaway operator listing pods cluster-wide in a loop) floods
 * the `service-accounts` flow; priority level `workload-low` is saturated: 60 requests queued, 3.2/s
 * rejected with reason queue-full and 0.8/s with concurrency-limit (429s, counted as terminations).
 * Humans and other service accounts share that level: their lists wait in queue (client-side p99 ≈ 2.5 s,
 * while the SLI latency without queue wait stays normal). The simulated server adds 1.2 s to GET/LIST.
 *
 * Expected verdicts: read DEGRADED (names workload-low), everything else HEALTHY; overall DEGRADED,
 * operations path impaired (controllers and kubectl lag), user path fine.
 */
export const apfStarvationControlPlane: ControlPlaneScenario = {
  name: 'apf-starvation',
  description: 'A noisy controller starves APF priority level workload-low: 429s, queued reads.',
  spec: deriveSpec('apf-starvation', (spec) => {
    const level = spec.priorityLevels.find((l) => l.priorityLevel === LEVEL);
    if (level) {
      level.inqueue = 60;
      level.executingSeats = level.nominalSeats;
      level.rejectedPerSecond = { 'queue-full': 3.2, 'concurrency-limit': 0.8 };
    }
    for (const c of spec.requests) {
      if (c.verb !== 'LIST') continue;
      c.sliLatency = c.latency;
      c.latency = { p50: 0.6, p99: 2.5 };
      c.throttledShare = 0.1;
    }
    spec.requests.push({
      verb: 'LIST',
      group: '',
      version: 'v1',
      resource: 'pods',
      scope: 'cluster',
      perSecond: 30,
      latency: { p50: 0.9, p99: 3 },
      sliLatency: { p50: 0.15, p99: 0.9 },
      throttledShare: 4 / 30,
    });
    spec.terminations.push({
      verb: 'LIST',
      group: '',
      version: 'v1',
      resource: 'pods',
      scope: 'cluster',
      code: 429,
      perSecond: 4,
    });
    spec.serving.readMs = 1200;
  }),
  expected: expectVerdicts({
    read: { status: 'DEGRADED', operationsPath: true, userPath: false, mentions: [LEVEL] },
  }),
};
