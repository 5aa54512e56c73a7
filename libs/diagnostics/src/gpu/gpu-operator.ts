import type { ClusterPolicyCondition, ClusterPolicyRecord, Finding } from '@fleetscope/types';
import { makeFinding } from '../verdict/finding.ts';
import { compareText } from '../verdict/text.ts';

export type GpuOperatorState =
  /** The ClusterPolicy CRD is not served: the GPU Operator is not installed here. */
  | 'NOT_APPLICABLE'
  /** Not known whether it is installed (not watched yet, forbidden, or offline without the object). */
  | 'UNKNOWN'
  /** The CRD is served but no ClusterPolicy exists: installed without a policy, operands not deployed. */
  | 'NO_POLICY'
  | 'READY'
  | 'NOT_READY'
  /** Only `ignored` policies: the operator reconciles just one ClusterPolicy and ignores the others. */
  | 'IGNORED';

export interface GpuOperatorStatus {
  state: GpuOperatorState;
  /** The policy the state is read from (the one not ignored, when there is one); null when none. */
  policy: string | null;
  /** status.state as the operator wrote it ("" before it wrote one). */
  rawState: string;
  conditions: ClusterPolicyCondition[];
  /** Other ClusterPolicies the operator ignores. */
  ignored: string[];
  summary: string;
}

const STATES: Record<string, GpuOperatorState> = {
  ready: 'READY',
  notReady: 'NOT_READY',
  ignored: 'IGNORED',
};

/**
 * The GPU Operator's state in one cluster from its ClusterPolicy (nvidia.com/v1). `served`: whether
 * the cluster serves the ClusterPolicy CRD (false → NOT_APPLICABLE; null → UNKNOWN unless a policy was
 * given, which proves it is served). A status.state other than ready/notReady/ignored (or none yet)
 * is UNKNOWN, never ready.
 */
export function gpuOperatorStatus(
  policies: readonly ClusterPolicyRecord[],
  served: boolean | null,
): GpuOperatorStatus {
  const none = { policy: null, rawState: '', conditions: [], ignored: [] };
  if (served === false) {
    return { state: 'NOT_APPLICABLE', ...none, summary: 'GPU Operator not installed (no ClusterPolicy CRD)' };
  }
  if (policies.length === 0) {
    return served === true
      ? { state: 'NO_POLICY', ...none, summary: 'ClusterPolicy CRD present but no ClusterPolicy exists' }
      : { state: 'UNKNOWN', ...none, summary: 'GPU Operator state not known (ClusterPolicy not listed)' };
  }
  const sorted = [...policies].sort((a, b) => compareText(a.name, b.name));
  const active = sorted.find((p) => p.state !== 'ignored') ?? (sorted[0] as ClusterPolicyRecord);
  const ignored = sorted.filter((p) => p !== active && p.state === 'ignored').map((p) => p.name);
  const state = STATES[active.state] ?? 'UNKNOWN';
  const failing = active.conditions.filter((c) => c.type !== 'Ready' && c.status === 'True');
  const notReadyCause =
    active.conditions.find((c) => c.type === 'Ready' && c.status === 'False') ?? failing[0] ?? null;
  const summary =
    state === 'READY'
      ? `ClusterPolicy ${active.name} ready`
      : state === 'NOT_READY'
        ? `ClusterPolicy ${active.name} notReady${notReadyCause === null ? '' : `: ${notReadyCause.reason || notReadyCause.type}${notReadyCause.message ? ` — ${notReadyCause.message}` : ''}`}`
        : state === 'IGNORED'
          ? `every ClusterPolicy is ignored (${sorted.map((p) => p.name).join(', ')})`
          : `ClusterPolicy ${active.name} state ${active.state === '' ? 'not written yet' : `"${active.state}" not known`}`;
  return {
    state,
    policy: active.name,
    rawState: active.state,
    conditions: active.conditions,
    ignored,
    summary,
  };
}

/**
 * A finding when the operator says its ClusterPolicy is notReady: some operand (driver, device
 * plugin, validator, DCGM exporter) is not running as configured, so GPUs may be missing or unusable.
 * The nodes it affects carry their own findings (node.gpu-not-usable); this one names the cause.
 */
export function gpuOperatorFindings(
  cluster: string,
  status: GpuOperatorStatus,
  observedAt: number | null,
): Finding[] {
  if (status.state !== 'NOT_READY' || status.policy === null) return [];
  return [
    makeFinding(cluster, {
      rule: 'gpu-operator.not-ready',
      scope: 'CLUSTER',
      plane: 'DATA',
      status: null,
      severity: 'WARNING',
      subjects: [{ kind: 'ClusterPolicy', namespace: null, name: status.policy }],
      title: `GPU Operator not ready: ${status.summary}`,
      detail:
        'The GPU Operator has not brought every operand (driver, container toolkit, device plugin, validator, DCGM exporter) to the state its ClusterPolicy asks for: GPUs of some nodes may be missing or not usable.',
      evidence: [
        {
          signal: 'ClusterPolicy status.state',
          value: status.rawState,
          threshold: 'ready',
          source: 'nvidia.com/v1 ClusterPolicy',
          observedAt: null,
        },
        ...status.conditions.map((c) => ({
          signal: `condition ${c.type}`,
          value: `${c.status}${c.reason ? ` (${c.reason})` : ''}${c.message ? `: ${c.message}` : ''}`,
          source: 'nvidia.com/v1 ClusterPolicy',
          observedAt: null,
        })),
      ],
      nextSteps: [
        `kubectl get clusterpolicy ${status.policy} -o jsonpath='{.status}'`,
        'kubectl get pods -n gpu-operator (which operand is not Running/Completed)',
        'kubectl logs -n gpu-operator deploy/gpu-operator',
      ],
      observedAt,
    }),
  ];
}
