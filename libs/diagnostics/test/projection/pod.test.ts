import type { PodRecord } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import { projectPod } from '../../src/index.ts';
import { loadFixture } from '../fixtures.ts';

function ok<T>(result: { ok: true; record: T } | { ok: false; error: string }): T {
  if (!result.ok) throw new Error(`projection failed: ${result.error}`);
  return result.record;
}

const SCHEDULER_MESSAGE =
  "0/12 nodes are available: 2 Insufficient nvidia.com/gpu, 4 node(s) had untolerated taint(s), 6 node(s) didn't match Pod's node affinity/selector. preemption: 0/12 nodes are available: 10 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.";

type Resources = { requests?: Record<string, string>; limits?: Record<string, string> };

/** A raw pod with the given containers' resources. */
function rawPod(
  containers: Resources[],
  initContainers: (Resources & { restartPolicy?: string })[] = [],
): Record<string, unknown> {
  return {
    metadata: { name: 'p', namespace: 'ns', uid: 'u' },
    spec: {
      containers: containers.map((resources, i) => ({ name: `c${i}`, resources })),
      initContainers: initContainers.map(({ restartPolicy, ...resources }, i) => ({
        name: `i${i}`,
        resources,
        ...(restartPolicy === undefined ? {} : { restartPolicy }),
      })),
    },
  };
}

describe('projectPod', () => {
  it('projects a pending 4-GPU pod with the scheduler’s message', () => {
    const record = ok(projectPod(loadFixture('pod-pending-4gpu.json')));
    expect(record).toEqual<PodRecord>({
      kind: 'Pod',
      uid: '0d6e3b1f-94a2-4b7c-8e1d-5a2f9c3b7e60',
      namespace: 'research',
      name: 'llama-70b-finetune-worker-0',
      resourceVersion: '48213902',
      createdAt: Date.parse('2026-11-27T19:31:07Z'),
      deletionTimestamp: null,
      nodeName: '',
      phase: 'Pending',
      ready: false,
      unschedulableReason: 'Unschedulable',
      unschedulableMessage: SCHEDULER_MESSAGE,
      controller: {
        kind: 'Job',
        name: 'llama-70b-finetune-worker',
        uid: '7a1d5e9c-2b3f-4c8a-9e6d-1f0b2c3d4e5f',
        controller: true,
      },
      labels: {
        'batch.kubernetes.io/controller-uid': '7a1d5e9c-2b3f-4c8a-9e6d-1f0b2c3d4e5f',
        'batch.kubernetes.io/job-name': 'llama-70b-finetune-worker',
        'job-name': 'llama-70b-finetune-worker',
        'kueue.x-k8s.io/queue-name': 'research',
      },
      gpuRequest: 4,
      gpuExtendedRequest: {},
      // 48 + 0.1 cores of the app containers beat the init container's 2; 640Gi + 64Mi.
      cpuRequest: 48_100,
      memoryRequest: 640 * 2 ** 30 + 64 * 2 ** 20,
      containers: [],
      schedulingGates: [],
      statusReason: '',
      statusMessage: '',
      // Kept while unbound: where the pod may run, for the fit check.
      placement: {
        nodeSelector: { 'karpenter.sh/nodepool': 'h100-train' },
        requiredTerms: [],
        tolerations: [
          { key: 'nvidia.com/gpu', operator: 'Exists', value: '', effect: 'NoSchedule' },
          { key: 'node.kubernetes.io/not-ready', operator: 'Exists', value: '', effect: 'NoExecute' },
        ],
      },
    });
  });

  it('projects scheduling gates and the eviction reason', () => {
    const pending = ok(
      projectPod({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'job-0', namespace: 'research', uid: 'u', resourceVersion: '1' },
        spec: { schedulingGates: [{ name: 'kueue.x-k8s.io/admission' }], containers: [] },
        status: { phase: 'Pending' },
      }),
    );
    expect(pending.schedulingGates).toEqual(['kueue.x-k8s.io/admission']);
    const evicted = ok(
      projectPod({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'web-0', namespace: 'shop', uid: 'v', resourceVersion: '2' },
        spec: { nodeName: 'node-3', containers: [] },
        status: { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory. ' },
      }),
    );
    expect(evicted).toMatchObject({
      statusReason: 'Evicted',
      statusMessage: 'The node was low on resource: memory. ',
    });
  });

  it('rejects a scheduling gate without a name, naming the field', () => {
    const result = projectPod({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'x', namespace: 'y', uid: 'u', resourceVersion: '1' },
      spec: { schedulingGates: [{}] },
    });
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toMatch(/spec\.schedulingGates\[0\]/);
  });

  it('projects a CrashLoopBackOff pod with its last termination', () => {
    const record = ok(projectPod(loadFixture('pod-crashloop.json')));
    expect(record).toMatchObject({
      namespace: 'ml',
      name: 'serving-llama-7c9d8f6b5-x2x9k',
      nodeName: 'gpu-l4-03',
      phase: 'Running',
      ready: false,
      unschedulableReason: '',
      controller: { kind: 'ReplicaSet', name: 'serving-llama-7c9d8f6b5' },
      // Given as a limit only: the limit stands in for the request.
      gpuRequest: 1,
      containers: [
        {
          name: 'server',
          ready: false,
          restartCount: 14,
          waitingReason: 'CrashLoopBackOff',
          waitingMessage:
            'back-off 5m0s restarting failed container=server pod=serving-llama-7c9d8f6b5-x2x9k_ml(e4a1c2b3-5d6f-4e7a-8b9c-0d1e2f3a4b5c)',
          lastTerminationReason: 'OOMKilled',
          lastExitCode: 137,
        },
      ],
    });
  });

  it.each([
    { name: 'no resources', containers: [{}], inits: [], gpu: 0, extended: {} },
    {
      name: 'sum over app containers',
      containers: [{ requests: { 'nvidia.com/gpu': '2' } }, { limits: { 'nvidia.com/gpu': '1' } }],
      inits: [],
      gpu: 3,
      extended: {},
    },
    {
      name: 'request wins over limit',
      containers: [{ requests: { 'nvidia.com/gpu': '2' }, limits: { 'nvidia.com/gpu': '8' } }],
      inits: [],
      gpu: 2,
      extended: {},
    },
    {
      name: 'init container larger than the app sum',
      containers: [{ requests: { 'nvidia.com/gpu': '1' } }],
      inits: [{ requests: { 'nvidia.com/gpu': '4' } }],
      gpu: 4,
      extended: {},
    },
    {
      name: 'init container smaller than the app sum',
      containers: [{ requests: { 'nvidia.com/gpu': '2' } }, { requests: { 'nvidia.com/gpu': '2' } }],
      inits: [{ limits: { 'nvidia.com/gpu': '3' } }],
      gpu: 4,
      extended: {},
    },
    {
      name: 'max over init containers, not sum',
      containers: [],
      inits: [{ requests: { 'nvidia.com/gpu': '2' } }, { requests: { 'nvidia.com/gpu': '3' } }],
      gpu: 3,
      extended: {},
    },
    {
      name: 'sidecar adds to app containers',
      containers: [{ requests: { 'nvidia.com/gpu': '2' } }],
      inits: [{ requests: { 'nvidia.com/gpu': '1' }, restartPolicy: 'Always' }],
      gpu: 3,
      extended: {},
    },
    {
      name: 'sidecar runs beside later init containers',
      containers: [],
      inits: [
        { requests: { 'nvidia.com/gpu': '1' }, restartPolicy: 'Always' },
        { requests: { 'nvidia.com/gpu': '4' } },
      ],
      gpu: 5,
      extended: {},
    },
    {
      name: 'MIG and shared GPUs',
      containers: [
        { limits: { 'nvidia.com/mig-1g.10gb': '2' } },
        { requests: { 'nvidia.com/gpu.shared': '1', cpu: '2' } },
      ],
      inits: [],
      gpu: 0,
      extended: { 'nvidia.com/mig-1g.10gb': 2, 'nvidia.com/gpu.shared': 1 },
    },
    {
      name: 'quantity suffix',
      containers: [{ requests: { 'nvidia.com/gpu': '1e1' } }],
      inits: [],
      gpu: 10,
      extended: {},
    },
  ])('GPU requests: $name', ({ containers, inits, gpu, extended }) => {
    const record = ok(projectPod(rawPod(containers, inits)));
    expect(record.gpuRequest).toBe(gpu);
    expect(record.gpuExtendedRequest).toEqual(extended);
  });

  it('parses deletionTimestamp and keeps the phase', () => {
    const raw = {
      metadata: { name: 'p', namespace: 'ns', uid: 'u', deletionTimestamp: '2026-11-27T19:59:00Z' },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
    };
    expect(ok(projectPod(raw))).toMatchObject({
      deletionTimestamp: Date.parse('2026-11-27T19:59:00Z'),
      phase: 'Running',
      ready: true,
    });
  });

  it('reads init container states first, marked init, then app containers', () => {
    const raw = {
      metadata: { name: 'p', namespace: 'ns', uid: 'u' },
      status: {
        phase: 'Pending',
        initContainerStatuses: [
          {
            name: 'nccl-preflight',
            ready: false,
            restartCount: 7,
            state: {
              waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container' },
            },
            lastState: { terminated: { reason: 'Error', exitCode: 3 } },
          },
        ],
        containerStatuses: [
          {
            name: 'trainer',
            ready: false,
            restartCount: 0,
            state: { waiting: { reason: 'PodInitializing' } },
          },
        ],
      },
    };
    expect(ok(projectPod(raw)).containers).toMatchObject([
      {
        name: 'nccl-preflight',
        init: true,
        waitingReason: 'CrashLoopBackOff',
        restartCount: 7,
        lastExitCode: 3,
      },
      { name: 'trainer', init: false, waitingReason: 'PodInitializing' },
    ]);
  });

  it('defaults a pod without status to Pending', () => {
    expect(ok(projectPod({ metadata: { name: 'p', namespace: 'ns', uid: 'u' } })).phase).toBe('Pending');
  });

  it('ignores owner references that are not the controller', () => {
    const raw = {
      metadata: {
        name: 'p',
        namespace: 'ns',
        uid: 'u',
        ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'cm', uid: 'x' }],
      },
    };
    expect(ok(projectPod(raw)).controller).toBeNull();
  });
});
