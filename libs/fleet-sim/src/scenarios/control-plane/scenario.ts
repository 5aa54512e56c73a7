import type { HealthStatus } from '@fleetscope/types';
import type { ControlPlaneSpec } from '../../control-plane/spec.ts';

/** What a control-plane verdict is about: the four paths, the three components, and all of it. */
export const CONTROL_PLANE_COMPONENTS = [
  'read',
  'write',
  'admission',
  'watch',
  'etcd',
  'scheduler',
  'controllers',
  'overall',
] as const;
export type ControlPlaneComponent = (typeof CONTROL_PLANE_COMPONENTS)[number];

/** The verdict diagnostics must reach for one component under a scenario (ground truth). */
export interface ExpectedVerdict {
  status: HealthStatus;
  /** Whether changes (deploys, scaling, leader-election renewals, status updates) are impaired. */
  operationsPath: boolean;
  /** Whether workloads' own traffic is impaired. */
  userPath: boolean;
  /** Words the verdict's summary should name (the culprit webhook, priority level, …). */
  mentions?: string[];
}

export type ExpectedControlPlane = Record<ControlPlaneComponent, ExpectedVerdict>;

/** A named control-plane scenario: its data and the verdicts it must produce. */
export interface ControlPlaneScenario {
  name: string;
  description: string;
  spec: ControlPlaneSpec;
  expected: ExpectedControlPlane;
}

const fine = (status: HealthStatus = 'HEALTHY'): ExpectedVerdict => ({
  status,
  operationsPath: false,
  userPath: false,
});

/**
 * Expected verdicts: every component HEALTHY (or `status`) except the overrides. `overall` is the worst
 * component (DOWN > DEGRADED > HEALTHY; UNKNOWN only when everything is unknown, as in
 * `prometheus-unreachable`) with the union of impaired paths, unless overridden.
 */
export function expectVerdicts(
  overrides: Partial<Record<ControlPlaneComponent, ExpectedVerdict>>,
  status: HealthStatus = 'HEALTHY',
): ExpectedControlPlane {
  const base = {} as ExpectedControlPlane;
  for (const c of CONTROL_PLANE_COMPONENTS) base[c] = overrides[c] ?? fine(status);
  if (!overrides.overall) {
    const parts = CONTROL_PLANE_COMPONENTS.filter((c) => c !== 'overall').map((c) => base[c]);
    const rank: HealthStatus[] = ['DOWN', 'DEGRADED', 'UNKNOWN', 'HEALTHY', 'NOT_APPLICABLE'];
    const worst = rank.find((r) => parts.some((p) => p.status === r)) ?? 'HEALTHY';
    base.overall = {
      status: worst === 'NOT_APPLICABLE' ? 'HEALTHY' : worst,
      operationsPath: parts.some((p) => p.operationsPath),
      userPath: parts.some((p) => p.userPath),
      mentions: parts.flatMap((p) => p.mentions ?? []),
    };
  }
  return base;
}
