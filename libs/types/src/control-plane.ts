import type { Verdict } from './health.ts';

export const CONTROL_PLANE_PATHS = ['read', 'write', 'admission', 'watch'] as const;
export type ControlPlanePath = (typeof CONTROL_PLANE_PATHS)[number];

/**
 * Which traffic an impairment hurts. OPERATIONS: changes (deploys, scaling, leader-election
 * renewals, status updates) — existing pods keep serving. USER: workloads' own traffic.
 */
export interface Impact {
  operationsPath: boolean;
  userPath: boolean;
  /** One sentence, e.g. "Writes degraded: etcd WAL fsync p99 1.3 s (> 1 s). Deploys, scaling and leader-election renewals may fail; existing pods keep serving." */
  statement: string;
}

export interface ControlPlaneHealth extends Verdict {
  impact: Impact;
  paths: Record<ControlPlanePath, Verdict>;
  etcd: Verdict;
  scheduler: Verdict;
  controllers: Verdict;
}
