import { deriveSpec } from './derive.ts';
import { type ControlPlaneScenario, expectVerdicts } from './scenario.ts';

/**
 * `watch-cache-pressure`: a burst of pod churn overwhelms the watch cache. Slow watchers are closed
 * (`apiserver_terminated_watchers_total` for pods and endpointslices rising), reads wait for the cache
 * (read-wait p99 ≈ 1.5 s) and events reach watchers late: the simulated server delays every live watch
 * event by 6 s (the synthetic write→watch probe sees it). Reads stay inside their SLO.
 *
 * Expected verdicts: watch DEGRADED, everything else HEALTHY; overall DEGRADED, operations path impaired
 * (controllers and informers lag), user path fine.
 */
export const watchCachePressureControlPlane: ControlPlaneScenario = {
  name: 'watch-cache-pressure',
  description: 'Watch cache under pressure: terminated watchers rising, watch events delivered 6 s late.',
  spec: deriveSpec('watch-cache-pressure', (spec) => {
    spec.watch.terminatedPerSecond = [
      { group: '', resource: 'pods', perSecond: 0.2 },
      { group: 'discovery.k8s.io', resource: 'endpointslices', perSecond: 0.05 },
    ];
    spec.watch.cacheReadWait = { p50: 0.15, p99: 1.5 };
    spec.watch.deliveryDelayMs = 6000;
    for (const c of spec.requests) {
      if (c.verb === 'WATCH') c.perSecond *= 6; // terminated watchers reconnect
    }
  }),
  expected: expectVerdicts({
    watch: { status: 'DEGRADED', operationsPath: true, userPath: false },
  }),
};
