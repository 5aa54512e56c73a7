import { toKubeTime } from '../clock.ts';
import type { KubeObject } from '../model/types.ts';
import type { Random } from '../random.ts';
import type { ClusterSpec } from '../scenarios/spec.ts';
import { managedFields } from './meta.ts';

/** Whether a simulated cluster runs the NVIDIA GPU Operator: wherever it has whole-GPU pools. */
export function servesGpuOperator(spec: ClusterSpec): boolean {
  return spec.pools.some((p) => p.gpu !== undefined);
}

/**
 * The GPU Operator's ClusterPolicy as the operator reports it: `ready` with Ready=True, or — when a
 * scenario breaks GPU validation on some nodes (`gpu-validation-failing`) — `notReady` with Ready=False
 * and Error=True naming the operand that does not come up, as the operator's reconciler writes them.
 */
export function buildClusterPolicy(spec: ClusterSpec, random: Random, createdMs: number): KubeObject {
  const failing = spec.incidents.some((i) => i.kind === 'gpu-validation-failing');
  const at = toKubeTime(createdMs);
  const conditions = failing
    ? [
        {
          type: 'Ready',
          status: 'False',
          reason: 'OperandNotReady',
          message: 'ClusterPolicy is not ready, states not ready: [state-operator-validation]',
          lastTransitionTime: at,
        },
        {
          type: 'Error',
          status: 'True',
          reason: 'OperandNotReady',
          message: 'ClusterPolicy is not ready, states not ready: [state-operator-validation]',
          lastTransitionTime: at,
        },
      ]
    : [
        {
          type: 'Ready',
          status: 'True',
          reason: 'Reconciled',
          message: 'ClusterPolicy reconciled',
          lastTransitionTime: at,
        },
        { type: 'Error', status: 'False', reason: 'Ready', message: '', lastTransitionTime: at },
      ];
  return {
    apiVersion: 'nvidia.com/v1',
    kind: 'ClusterPolicy',
    metadata: {
      name: 'cluster-policy',
      uid: random.uuid(),
      resourceVersion: '',
      generation: 1,
      creationTimestamp: at,
      labels: { 'app.kubernetes.io/component': 'gpu-operator' },
      managedFields: managedFields('gpu-operator', 'nvidia.com/v1', createdMs),
    },
    spec: {
      operator: { defaultRuntime: 'containerd' },
      driver: { enabled: true },
      dcgmExporter: { enabled: true },
    },
    status: { namespace: 'gpu-operator', state: failing ? 'notReady' : 'ready', conditions },
  };
}
