import type { EventRecord } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import { analyzeWorkloads, classifyPod, projectPod } from '../../src/index.ts';
import { NOW, node, pod } from '../factories.ts';

const PREFILTER =
  '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';

function claimEvent(claim: string, reason: string, message: string): EventRecord {
  return {
    kind: 'Event',
    uid: `e-${claim}-${reason}`,
    namespace: 'data',
    name: `${claim}.1`,
    resourceVersion: '1',
    type: 'Warning',
    reason,
    message,
    involvedKind: 'PersistentVolumeClaim',
    involvedName: claim,
    involvedNamespace: 'data',
    count: 12,
    lastSeenAt: NOW - 5_000,
    reportingComponent: 'persistentvolume-controller',
  };
}

describe("a pending pod's volume claims", () => {
  it('are projected while the pod is unbound: claimName, and <pod>-<volume> for ephemeral volumes', () => {
    const result = projectPod({
      metadata: { name: 'fs-0', namespace: 'data', uid: 'u', resourceVersion: '1' },
      spec: {
        containers: [{ name: 'c', image: 'x' }],
        volumes: [
          { name: 'data', persistentVolumeClaim: { claimName: 'fs-data' } },
          { name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: {} } } },
          { name: 'tmp', emptyDir: {} },
        ],
      },
      status: { phase: 'Pending' },
    });
    expect(result.ok && result.record.placement?.claims).toEqual(['fs-data', 'fs-0-scratch']);
  });

  it.each<[string, EventRecord[], RegExp]>([
    [
      'no claim events: the scheduler alone',
      [],
      /^Unschedulable: pod has unbound immediate PersistentVolumeClaims$/,
    ],
    [
      'a missing StorageClass, as persistentvolume-controller says it',
      [claimEvent('fs-data', 'ProvisioningFailed', 'storageclass.storage.k8s.io "fast-nvme" not found')],
      /— PersistentVolumeClaim fs-data: ProvisioningFailed storageclass\.storage\.k8s\.io "fast-nvme" not found$/,
    ],
    [
      'a Normal event of the claim says nothing',
      [{ ...claimEvent('fs-data', 'ExternalProvisioning', 'waiting for a volume'), type: 'Normal' }],
      /PersistentVolumeClaims$/,
    ],
  ])('%s', (_, events, summary) => {
    const p = pod('fs-0', {
      namespace: 'data',
      nodeName: '',
      phase: 'Pending',
      ready: false,
      containers: [],
      unschedulableReason: 'Unschedulable',
      unschedulableMessage: PREFILTER,
      placement: { nodeSelector: {}, requiredTerms: [], tolerations: [], claims: ['fs-data'] },
    });
    const c = classifyPod(p, events, NOW);
    expect(c?.cause).toBe('VolumeBinding');
    expect(c?.summary).toMatch(summary);
  });

  it('offline, the claim events of a dump reach the classification', () => {
    const p = pod('fs-0', {
      namespace: 'data',
      nodeName: '',
      phase: 'Pending',
      ready: false,
      containers: [],
      unschedulableReason: 'Unschedulable',
      unschedulableMessage: PREFILTER,
      placement: { nodeSelector: {}, requiredTerms: [], tolerations: [], claims: ['fs-data'] },
    });
    const { findings } = analyzeWorkloads(
      {
        name: 'c',
        nodes: [node('n1')],
        pods: [p],
        deployments: [],
        replicaSets: [],
        events: [
          claimEvent('fs-data', 'ProvisioningFailed', 'storageclass.storage.k8s.io "fast-nvme" not found'),
        ],
        now: NOW,
      },
      [],
    );
    const finding = findings.find((f) => f.rule === 'pod.pending-unschedulable');
    expect(finding?.title).toContain('storageclass.storage.k8s.io "fast-nvme" not found');
    expect(finding?.evidence[0]?.signal).toBe('event ProvisioningFailed ×12');
  });
});
