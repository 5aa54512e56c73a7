import { deriveSpec } from './derive.ts';
import { type ControlPlaneScenario, expectVerdicts } from './scenario.ts';

const NOT_OBSERVABLE = {
  status: 'NOT_APPLICABLE',
  operationsPath: false,
  userPath: false,
  mentions: ['not observable here'],
} as const;

/**
 * `managed-no-etcd-metrics`: a managed control plane (EKS/GKE/AKS style). Only the API server's metrics
 * are reachable: `/sim/metrics/etcd*`, `/sim/metrics/scheduler` and `/sim/metrics/controller-manager`
 * answer 404. The API server's own view of storage (`apiserver_storage_size_bytes`) is there.
 *
 * Expected verdicts: read, write, admission, watch HEALTHY; etcd, scheduler, controllers NOT_APPLICABLE
 * ("not observable here", never UNKNOWN and never HEALTHY); overall HEALTHY; nothing impaired.
 */
export const managedNoEtcdMetricsControlPlane: ControlPlaneScenario = {
  name: 'managed-no-etcd-metrics',
  description: 'Managed control plane: etcd, scheduler and controller-manager metrics not observable.',
  spec: deriveSpec('managed-no-etcd-metrics', (spec) => {
    spec.managed = true;
  }),
  expected: expectVerdicts({
    etcd: { ...NOT_OBSERVABLE, mentions: [...NOT_OBSERVABLE.mentions] },
    scheduler: { ...NOT_OBSERVABLE, mentions: [...NOT_OBSERVABLE.mentions] },
    controllers: { ...NOT_OBSERVABLE, mentions: [...NOT_OBSERVABLE.mentions] },
  }),
};
