import { deriveSpec } from './derive.ts';
import { type ControlPlaneScenario, expectVerdicts } from './scenario.ts';

/**
 * `prometheus-unreachable`: the control plane itself is healthy (the exposition endpoints serve healthy
 * numbers), but the metrics source cannot be reached. A flag only: the test harness makes Prometheus
 * unreachable; `simulatedSignals` returns every signal with an error and no samples.
 *
 * Expected verdicts: every component and overall UNKNOWN (missing input is never folded into HEALTHY);
 * nothing known to be impaired.
 */
export const prometheusUnreachableControlPlane: ControlPlaneScenario = {
  name: 'prometheus-unreachable',
  description: 'The metrics source is unreachable: every metric-based verdict is UNKNOWN.',
  spec: deriveSpec('prometheus-unreachable', (spec) => {
    spec.prometheusReachable = false;
  }),
  expected: expectVerdicts({}, 'UNKNOWN'),
};
