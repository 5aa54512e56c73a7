import type { EventRecord, PodRecord } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import {
  classifyPod,
  imageInMessage,
  imageRegistry,
  type PodClassification,
  podTroubleFinding,
} from '../../src/index.ts';
import { container, crashLoopContainer, NOW, pod } from '../factories.ts';

function event(reason: string, message: string, overrides: Partial<EventRecord> = {}): EventRecord {
  return {
    kind: 'Event',
    uid: `e-${reason}`,
    namespace: 'default',
    name: `x.${reason}`,
    resourceVersion: '1',
    type: 'Warning',
    reason,
    message,
    involvedKind: 'Pod',
    involvedName: 'p',
    involvedNamespace: 'default',
    count: 3,
    lastSeenAt: NOW - 10_000,
    reportingComponent: 'kubelet',
    ...overrides,
  };
}

const pending = (overrides: Partial<PodRecord> = {}): PodRecord =>
  pod('p', {
    phase: 'Pending',
    ready: false,
    nodeName: '',
    containers: [],
    createdAt: NOW - 600_000,
    ...overrides,
  });

type Expect = Pick<PodClassification, 'rule' | 'state' | 'cause' | 'container'> & { summary: RegExp };

describe('classifyPod', () => {
  it.each<{ name: string; pod: PodRecord; events?: EventRecord[]; expected: Expect | null }>([
    { name: 'Running and Ready: nothing to say', pod: pod('p'), expected: null },
    { name: 'Succeeded: done', pod: pod('p', { phase: 'Succeeded', ready: false }), expected: null },
    {
      name: 'unschedulable: the scheduler message, parsed, names the top reason',
      pod: pending({
        unschedulableReason: 'Unschedulable',
        unschedulableMessage:
          '0/36 nodes are available: 3 node(s) were unschedulable, 33 Insufficient nvidia.com/gpu. preemption: 0/36 nodes are available: 36 Preemption is not helpful for scheduling.',
      }),
      expected: {
        rule: 'pod.pending-unschedulable',
        state: 'Pending: unschedulable',
        cause: 'NodeResourcesFit',
        container: null,
        summary: /^Unschedulable: 33 of 36 nodes lack free nvidia\.com\/gpu .*\(\+1 other reason\)$/,
      },
    },
    {
      name: 'PreFilter rejection: the PVC',
      pod: pending({
        unschedulableReason: 'Unschedulable',
        unschedulableMessage:
          '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
      }),
      expected: {
        rule: 'pod.pending-unschedulable',
        state: 'Pending: unschedulable',
        cause: 'VolumeBinding',
        container: null,
        summary: /^Unschedulable: pod has unbound immediate PersistentVolumeClaims$/,
      },
    },
    {
      name: "Kueue's admission gate: waiting for quota, not unschedulable",
      pod: pending({ schedulingGates: ['kueue.x-k8s.io/admission'] }),
      expected: {
        rule: 'pod.pending-gated',
        state: 'Pending: scheduling gated',
        cause: 'Kueue admission',
        container: null,
        summary: /^waiting for quota/,
      },
    },
    {
      name: 'no scheduler decision after a minute',
      pod: pending(),
      expected: {
        rule: 'pod.pending-unscheduled',
        state: 'Pending: not scheduled',
        cause: null,
        container: null,
        summary: /no scheduling decision yet/,
      },
    },
    { name: 'just created: not yet trouble', pod: pending({ createdAt: NOW - 5_000 }), expected: null },
    {
      name: 'image pull error in an init container',
      pod: pod('p', {
        phase: 'Pending',
        ready: false,
        containers: [
          container({
            name: 'fetch-weights',
            init: true,
            ready: false,
            waitingReason: 'ImagePullBackOff',
            waitingMessage: 'Back-off pulling image "registry.example.com/fetch:v2"',
          }),
          container({ name: 'app', ready: false, waitingReason: 'PodInitializing' }),
        ],
      }),
      expected: {
        rule: 'pod.image-pull',
        state: 'Waiting: ImagePullBackOff',
        cause: 'image pull',
        container: 'fetch-weights',
        summary: /^init container fetch-weights ImagePullBackOff: Back-off pulling image/,
      },
    },
    {
      name: 'missing Secret key',
      pod: pod('p', {
        phase: 'Pending',
        ready: false,
        containers: [
          container({
            name: 'app',
            ready: false,
            waitingReason: 'CreateContainerConfigError',
            waitingMessage: "couldn't find key DB_URL in Secret shop/db",
          }),
        ],
      }),
      expected: {
        rule: 'pod.config-error',
        state: 'Waiting: CreateContainerConfigError',
        cause: 'missing ConfigMap or Secret',
        container: 'app',
        summary: /DB_URL in Secret shop\/db/,
      },
    },
    {
      name: 'crash loop, OOMKilled',
      pod: pod('p', {
        ready: false,
        containers: [
          {
            ...crashLoopContainer(9),
            name: 'trainer',
            lastTerminationReason: 'OOMKilled',
            lastExitCode: 137,
          },
        ],
      }),
      expected: {
        rule: 'pod.crashloop',
        state: 'CrashLoopBackOff: OOMKilled',
        cause: 'OOMKilled',
        container: 'trainer',
        summary: /^container trainer CrashLoopBackOff \(9 restarts, last OOMKilled \(exit 137\)\)$/,
      },
    },
    {
      name: 'ContainerCreating stuck on a volume',
      pod: pod('p', {
        phase: 'Pending',
        ready: false,
        createdAt: NOW - 30_000,
        containers: [container({ name: 'app', ready: false, waitingReason: 'ContainerCreating' })],
      }),
      events: [
        event(
          'FailedMount',
          'Unable to attach or mount volumes: unmounted volumes=[data], unattached volumes=[data]: timed out waiting for the condition',
        ),
      ],
      expected: {
        rule: 'pod.container-creating',
        state: 'ContainerCreating: volume mount',
        cause: 'volume mount',
        container: 'app',
        summary: /^volume mount: FailedMount Unable to attach or mount volumes/,
      },
    },
    {
      name: 'device plugin refused the GPU',
      pod: pod('p', { phase: 'Pending', ready: false, createdAt: NOW - 30_000, containers: [] }),
      events: [
        event(
          'UnexpectedAdmissionError',
          'Allocate failed due to requested number of devices unavailable for nvidia.com/gpu. Requested: 1, Available: 0, which is unexpected',
        ),
      ],
      expected: {
        rule: 'pod.container-creating',
        state: 'ContainerCreating: device allocation',
        cause: 'device allocation',
        container: null,
        summary: /^device allocation: UnexpectedAdmissionError Allocate failed/,
      },
    },
    {
      name: 'ContainerCreating for 30 s without a warning is still normal',
      pod: pod('p', {
        phase: 'Pending',
        ready: false,
        createdAt: NOW - 30_000,
        containers: [container({ name: 'app', ready: false, waitingReason: 'ContainerCreating' })],
      }),
      expected: null,
    },
    {
      name: 'readiness probe failing',
      pod: pod('p', { ready: false, containers: [container({ name: 'api', ready: false })] }),
      events: [
        event('Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503'),
        event('Pulled', 'ok', { type: 'Normal' }),
      ],
      expected: {
        rule: 'pod.not-ready',
        state: 'Running, not Ready',
        cause: 'readiness probe',
        container: 'api',
        summary: /^Running but not Ready: Readiness probe failed: HTTP probe failed with statuscode: 503$/,
      },
    },
    {
      name: 'evicted',
      pod: pod('p', {
        phase: 'Failed',
        ready: false,
        statusReason: 'Evicted',
        statusMessage: 'The node was low on resource: memory. ',
      }),
      expected: {
        rule: 'pod.evicted',
        state: 'Failed: Evicted',
        cause: 'eviction',
        container: null,
        summary: /^Evicted: The node was low on resource: memory\.$/,
      },
    },
  ])('$name', ({ pod: subject, events, expected }) => {
    const got = classifyPod(subject, events ?? [], NOW);
    if (expected === null) {
      expect(got).toBeNull();
      return;
    }
    expect(got).toMatchObject({
      rule: expected.rule,
      state: expected.state,
      cause: expected.cause,
      container: expected.container,
    });
    expect(got?.summary).toMatch(expected.summary);
    expect(got?.nextSteps.length).toBeGreaterThan(0);
  });

  it('shows the newest warning events as evidence, never Normal ones', () => {
    const got = classifyPod(
      pod('p', { ready: false, containers: [container({ name: 'api', ready: false })] }),
      [
        event('Unhealthy', 'Readiness probe failed: old', { lastSeenAt: NOW - 60_000, uid: 'a' }),
        event('Unhealthy', 'Readiness probe failed: new', { lastSeenAt: NOW - 1_000, uid: 'b' }),
        event('Started', 'Started container api', { type: 'Normal', uid: 'c' }),
      ],
      NOW,
    );
    const values = got?.evidence.filter((e) => e.signal.startsWith('event')).map((e) => e.value);
    expect(values).toEqual(['Readiness probe failed: new', 'Readiness probe failed: old']);
    expect(got?.summary).toMatch(/new$/);
  });
});

describe('images', () => {
  it.each([
    [
      'Back-off pulling image "registry.example.com/shop/checkout:2.4.1"',
      'registry.example.com/shop/checkout:2.4.1',
      'registry.example.com',
    ],
    ['Failed to pull image "nginx:1.27": rpc error', 'nginx:1.27', 'docker.io'],
    ['Failed to pull image "library/redis"', 'library/redis', 'docker.io'],
    ['Back-off pulling image "localhost:5000/app"', 'localhost:5000/app', 'localhost:5000'],
  ])('%s', (message, image, registry) => {
    expect(imageInMessage(message)).toBe(image);
    expect(imageRegistry(image)).toBe(registry);
  });

  it('an image-pull classification names the image, from the waiting message or the events', () => {
    const got = classifyPod(
      pod('p', {
        phase: 'Pending',
        ready: false,
        containers: [container({ name: 'app', ready: false, waitingReason: 'ErrImagePull' })],
      }),
      [event('Failed', 'Failed to pull image "ghcr.io/acme/app:v3": not found')],
      NOW,
    );
    expect(got?.image).toBe('ghcr.io/acme/app:v3');
  });
});

describe('sandbox failures name their CNI plugin', () => {
  const creating = pod('p', {
    phase: 'Pending',
    ready: false,
    nodeName: 'gpu-3',
    containers: [container({ name: 'app', ready: false, waitingReason: 'ContainerCreating' })],
  });

  it('a FailedCreatePodSandBox from calico: sandbox/CNI, network calico, and the finding carries it', () => {
    const events = [
      event(
        'FailedCreatePodSandBox',
        'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "9f2e": plugin type="calico" failed (add): error getting ClusterInformation: connection is unauthorized',
      ),
    ];
    const got = classifyPod(creating, events, NOW);
    expect(got).toMatchObject({ rule: 'pod.container-creating', cause: 'sandbox/CNI', network: 'calico' });
    const finding = podTroubleFinding('prod-a', creating, got as PodClassification, undefined, NOW);
    expect(finding.attributes.cni).toBe('calico');
  });

  it('a volume failure carries no network', () => {
    const got = classifyPod(creating, [event('FailedMount', 'MountVolume.SetUp failed for volume "x"')], NOW);
    expect(got?.cause).toBe('volume mount');
    expect(got?.network).toBeUndefined();
  });
});
