import type {
  ConditionRecord,
  EventRecord,
  PersistentVolumeClaimRecord,
  ReplicaSetRecord,
  ResourceQuotaRecord,
  StorageClassRecord,
} from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import {
  analyzeRollout,
  analyzeWorkloads,
  claimState,
  classifyPod,
  defaultStorageClass,
  describeQuotaRefusal,
  formatQuantity,
  indexSchedulingObjects,
  PVC_PENDING_GRACE_MS,
  parseQuotaRefusal,
  pvcUnboundFindings,
  quotaExhaustedFindings,
  triageScope,
} from '../../src/index.ts';
import { deployment, NOW, pod } from '../factories.ts';

const claim = (overrides: Partial<PersistentVolumeClaimRecord> = {}): PersistentVolumeClaimRecord => ({
  kind: 'PersistentVolumeClaim',
  uid: 'uid-data',
  namespace: 'data',
  name: 'feature-store-data',
  resourceVersion: '1',
  createdAt: NOW - 20 * 60_000,
  phase: 'Pending',
  storageClassName: 'fast-nvme',
  volumeName: '',
  selectedNode: '',
  ...overrides,
});
const sc = (name: string, overrides: Partial<StorageClassRecord> = {}): StorageClassRecord => ({
  kind: 'StorageClass',
  uid: `uid-${name}`,
  name,
  resourceVersion: '1',
  createdAt: NOW - 86_400_000,
  provisioner: 'ebs.csi.aws.com',
  volumeBindingMode: 'Immediate',
  isDefault: false,
  ...overrides,
});
const quota = (hard: number, used: number, name = 'gpu-quota', namespace = 'ml'): ResourceQuotaRecord => ({
  kind: 'ResourceQuota',
  uid: `uid-${name}`,
  namespace,
  name,
  resourceVersion: '1',
  createdAt: 0,
  hard: { 'requests.nvidia.com/gpu': hard, pods: 100 },
  used: { 'requests.nvidia.com/gpu': used, pods: 5 },
});
const REFUSAL =
  'pods "trainer-7f9c-x2" is forbidden: exceeded quota: gpu-quota, requested: requests.nvidia.com/gpu=2, used: requests.nvidia.com/gpu=8, limited: requests.nvidia.com/gpu=8';
const failedCreate = (message: string): ConditionRecord => ({
  type: 'ReplicaFailure',
  status: 'True',
  reason: 'FailedCreate',
  message,
  lastTransitionTime: NOW - 60_000,
});
const replicaSet = (name: string, conditions: ConditionRecord[], namespace = 'ml'): ReplicaSetRecord => ({
  kind: 'ReplicaSet',
  uid: `uid-${name}`,
  namespace,
  name,
  resourceVersion: '1',
  controller: { kind: 'Deployment', name: 'trainer', uid: 'uid-trainer', controller: true },
  replicas: 1,
  readyReplicas: 0,
  availableReplicas: 0,
  revision: '2',
  podTemplateHash: '7f9c',
  conditions,
});
const provisioningFailed: EventRecord = {
  kind: 'Event',
  uid: 'e1',
  namespace: 'data',
  name: 'feature-store-data.1',
  resourceVersion: '1',
  type: 'Warning',
  reason: 'ProvisioningFailed',
  message: 'storageclass.storage.k8s.io "fast-nvme" not found',
  involvedKind: 'PersistentVolumeClaim',
  involvedName: 'feature-store-data',
  involvedNamespace: 'data',
  count: 31,
  lastSeenAt: NOW - 30_000,
  reportingComponent: 'persistentvolume-controller',
};

describe('claimState: why a claim is not bound, from its StorageClass', () => {
  it.each<{
    name: string;
    claim: PersistentVolumeClaimRecord;
    classes?: StorageClassRecord[];
    problem: string | null;
    text?: RegExp;
  }>([
    { name: 'bound', claim: claim({ phase: 'Bound' }), classes: [], problem: null },
    {
      name: 'its class does not exist',
      claim: claim(),
      classes: [sc('gp3', { isDefault: true })],
      problem: 'class-missing',
      text: /^PersistentVolumeClaim data\/feature-store-data is Pending: its StorageClass "fast-nvme" does not exist$/,
    },
    {
      name: 'no class named, no default',
      claim: claim({ storageClassName: null }),
      classes: [sc('gp3')],
      problem: 'no-default',
      text: /names no StorageClass and the cluster has no default StorageClass/,
    },
    {
      name: 'no class named, a default exists: provisioning through it',
      claim: claim({ storageClassName: null }),
      classes: [sc('gp3', { isDefault: true })],
      problem: 'provisioning',
      text: /StorageClass "gp3" \(ebs.csi.aws.com\) has not provisioned/,
    },
    {
      name: 'WaitForFirstConsumer',
      claim: claim({ storageClassName: 'gp3' }),
      classes: [sc('gp3', { volumeBindingMode: 'WaitForFirstConsumer' })],
      problem: 'wait-for-first-consumer',
      text: /StorageClass "gp3" is WaitForFirstConsumer/,
    },
    {
      name: 'explicitly no class',
      claim: claim({ storageClassName: '' }),
      classes: [],
      problem: 'static-only',
    },
    { name: 'lost', claim: claim({ phase: 'Lost', volumeName: 'pv-1' }), classes: [], problem: 'lost' },
    { name: 'classes not listed: unknown, never "missing"', claim: claim(), problem: 'unknown' },
  ])('$name', ({ claim: c, classes, problem, text }) => {
    const state = claimState(c, classes === undefined ? {} : { storageClasses: classes });
    expect(state?.problem ?? null).toBe(problem);
    if (text !== undefined) expect(state?.text).toMatch(text);
  });

  it('the newest of several defaults is the default (as the API server picks it)', () => {
    const older = sc('a', { isDefault: true, createdAt: 1 });
    const newer = sc('b', { isDefault: true, createdAt: 2 });
    expect(defaultStorageClass([older, newer, sc('c')])?.name).toBe('b');
    expect(defaultStorageClass([sc('c')])).toBeNull();
    expect(defaultStorageClass(undefined)).toBeUndefined();
  });
});

describe('quota refusals', () => {
  it('parses the quota admission message, several resources included', () => {
    expect(parseQuotaRefusal(REFUSAL)).toEqual({
      quota: 'gpu-quota',
      requested: { 'requests.nvidia.com/gpu': '2' },
      used: { 'requests.nvidia.com/gpu': '8' },
      limited: { 'requests.nvidia.com/gpu': '8' },
    });
    expect(
      parseQuotaRefusal(
        'pods "x" is forbidden: exceeded quota: compute, requested: limits.cpu=2,requests.memory=1Gi, used: limits.cpu=7,requests.memory=3Gi, limited: limits.cpu=8,requests.memory=4Gi',
      )?.requested,
    ).toEqual({ 'limits.cpu': '2', 'requests.memory': '1Gi' });
    expect(parseQuotaRefusal('admission webhook "x" denied the request')).toBeNull();
  });

  it.each([
    { value: 8, text: '8' },
    { value: 0.5, text: '500m' },
    { value: 64 * 2 ** 30, text: '64Gi' },
    { value: 1.5, text: '1.5' },
  ])('formats $value as $text', ({ value, text }) => expect(formatQuantity(value)).toBe(text));

  it('names the quota, the resource, used/hard and what the new pod asks when the quota is known', () => {
    expect(describeQuotaRefusal(REFUSAL, 'ml', [quota(8, 8)])?.text).toBe(
      'ResourceQuota gpu-quota in ml: requests.nvidia.com/gpu 8/8 used; the new pod asks 2',
    );
    expect(describeQuotaRefusal(REFUSAL, 'ml', [])).toBeNull();
    expect(describeQuotaRefusal(REFUSAL, 'ml', undefined)).toBeNull();
    expect(describeQuotaRefusal(REFUSAL, 'other', [quota(8, 8)])).toBeNull();
  });
});

describe('pvc.unbound', () => {
  const objects = (c: PersistentVolumeClaimRecord[], classes: StorageClassRecord[] | undefined) =>
    indexSchedulingObjects({
      claims: c,
      ...(classes === undefined ? {} : { storageClasses: classes }),
      claimEvents: (ns, name) =>
        ns === provisioningFailed.involvedNamespace && name === provisioningFailed.involvedName
          ? [provisioningFailed]
          : [],
    });

  it.each<{
    name: string;
    claims: PersistentVolumeClaimRecord[];
    classes?: StorageClassRecord[];
    fires: string[];
  }>([
    {
      name: 'missing class, past the grace period',
      claims: [claim()],
      classes: [sc('gp3')],
      fires: ['class-missing'],
    },
    {
      name: 'no class and no default',
      claims: [claim({ storageClassName: null })],
      classes: [sc('gp3')],
      fires: ['no-default'],
    },
    {
      name: 'within the grace period: not yet',
      claims: [claim({ createdAt: NOW - PVC_PENDING_GRACE_MS + 1000 })],
      classes: [sc('gp3')],
      fires: [],
    },
    { name: 'bound: nothing', claims: [claim({ phase: 'Bound' })], classes: [], fires: [] },
    {
      name: 'WaitForFirstConsumer waits for its pod: not a fault by itself',
      claims: [claim({ storageClassName: 'gp3' })],
      classes: [sc('gp3', { volumeBindingMode: 'WaitForFirstConsumer' })],
      fires: [],
    },
    { name: 'classes not listed: nothing said', claims: [claim()], fires: [] },
  ])('$name', ({ claims, classes, fires }) => {
    const findings = pvcUnboundFindings('c1', objects(claims, classes), NOW);
    expect(findings.map((f) => f.attributes.cause)).toEqual(fires);
  });

  it('names the claim and its class, with the claim events as evidence; scope POD, data plane, no status', () => {
    const [f] = pvcUnboundFindings('c1', objects([claim()], [sc('gp3')]), NOW);
    expect(f).toMatchObject({
      id: 'c1/pvc.unbound/PersistentVolumeClaim/data/feature-store-data',
      rule: 'pvc.unbound',
      scope: 'POD',
      plane: 'DATA',
      status: null,
      severity: 'WARNING',
      title:
        'PersistentVolumeClaim data/feature-store-data is Pending: its StorageClass "fast-nvme" does not exist',
      observedAt: provisioningFailed.lastSeenAt,
    });
    expect(f?.evidence.map((e) => e.value)).toContain(
      'storageclass.storage.k8s.io "fast-nvme" not found (×31)',
    );
    expect(f?.nextSteps[0]).toMatch(/create StorageClass "fast-nvme"/);
  });
});

describe('quota.exhausted', () => {
  it.each<{ name: string; quotas: ResourceQuotaRecord[]; sets: ReplicaSetRecord[]; fires: boolean }>([
    {
      name: 'full and refusing a ReplicaSet',
      quotas: [quota(8, 8)],
      sets: [replicaSet('trainer-7f9c', [failedCreate(REFUSAL)])],
      fires: true,
    },
    {
      name: 'merely full, nothing refused',
      quotas: [quota(8, 8)],
      sets: [replicaSet('trainer-7f9c', [])],
      fires: false,
    },
    {
      name: 'raised since: no longer full',
      quotas: [quota(16, 8)],
      sets: [replicaSet('trainer-7f9c', [failedCreate(REFUSAL)])],
      fires: false,
    },
    {
      name: 'full, but the refusal names another quota',
      quotas: [quota(8, 8, 'other-quota')],
      sets: [replicaSet('trainer-7f9c', [failedCreate(REFUSAL)])],
      fires: false,
    },
    {
      name: 'a refusal in another namespace',
      quotas: [quota(8, 8)],
      sets: [replicaSet('trainer-7f9c', [failedCreate(REFUSAL)], 'elsewhere')],
      fires: false,
    },
  ])('$name', ({ quotas, sets, fires }) => {
    const findings = quotaExhaustedFindings('c1', quotas, (ns) => sets.filter((s) => s.namespace === ns));
    expect(findings.length).toBe(fires ? 1 : 0);
  });

  it('says which quota, which resource and who is refused; triage puts it on the operations path', () => {
    const [f] = quotaExhaustedFindings('c1', [quota(8, 8)], () => [
      replicaSet('trainer-7f9c', [failedCreate(REFUSAL)]),
    ]);
    expect(f).toMatchObject({
      id: 'c1/quota.exhausted/ResourceQuota/ml/gpu-quota',
      scope: 'POD',
      plane: 'DATA',
      status: null,
      attributes: { namespace: 'ml', resource: 'requests.nvidia.com/gpu' },
      title:
        'ResourceQuota gpu-quota in ml exhausted (requests.nvidia.com/gpu 8/8 used): new pods of trainer-7f9c refused at creation',
    });
    const [scope] = triageScope(f === undefined ? [] : [f], { clusters: ['c1'] });
    expect(scope?.attributes.impairs).toBe('operations');
  });
});

describe('rollout explanations name the claim or quota when they are known', () => {
  const mid = { replicas: 4, updatedReplicas: 2, readyReplicas: 3, availableReplicas: 3, statusReplicas: 5 };
  const sets = (
    d: ReturnType<typeof deployment>,
    newConditions: ConditionRecord[] = [],
  ): ReplicaSetRecord[] => [
    {
      ...replicaSet('api-old1', [], d.namespace),
      revision: '1',
      controller: { kind: 'Deployment', name: d.name, uid: d.uid, controller: true },
    },
    {
      ...replicaSet('api-new22', newConditions, d.namespace),
      controller: { kind: 'Deployment', name: d.name, uid: d.uid, controller: true },
    },
  ];

  it('quota: "ResourceQuota q in ns: r used/hard used; the new pod asks n", else the FailedCreate message', () => {
    const d = deployment('api', {
      namespace: 'ml',
      replicas: 4,
      updatedReplicas: 0,
      statusReplicas: 4,
      conditions: [failedCreate(REFUSAL)],
    });
    const base = { deployment: d, replicaSets: sets(d), podsOf: () => [], classify: () => null };
    const known = analyzeRollout({ ...base, scheduling: indexSchedulingObjects({ quotas: [quota(8, 8)] }) });
    expect(known.stuckReason).toBe(
      'new pods refused at creation: ResourceQuota gpu-quota in ml: requests.nvidia.com/gpu 8/8 used; the new pod asks 2',
    );
    expect(known.recommendation.action).toBe('fix quota');
    expect(analyzeRollout(base).stuckReason).toBe(`ReplicaFailure FailedCreate: ${REFUSAL}`);
    expect(analyzeRollout({ ...base, scheduling: indexSchedulingObjects({ quotas: [] }) }).stuckReason).toBe(
      `ReplicaFailure FailedCreate: ${REFUSAL}`,
    );
  });

  it.each<{
    name: string;
    claims?: PersistentVolumeClaimRecord[];
    classes?: StorageClassRecord[];
    holds: string;
    fix: RegExp;
  }>([
    {
      name: 'its StorageClass is missing',
      claims: [claim({ namespace: 'default', name: 'api-data' })],
      classes: [sc('gp3', { isDefault: true })],
      holds:
        '; PersistentVolumeClaim default/api-data is Pending: its StorageClass "fast-nvme" does not exist',
      fix: /create StorageClass "fast-nvme"/,
    },
    {
      name: 'no default class',
      claims: [claim({ namespace: 'default', name: 'api-data', storageClassName: null })],
      classes: [],
      holds: 'names no StorageClass and the cluster has no default StorageClass',
      fix: /mark a StorageClass as the default/,
    },
    {
      name: 'WaitForFirstConsumer',
      claims: [claim({ namespace: 'default', name: 'api-data', storageClassName: 'local' })],
      classes: [sc('local', { volumeBindingMode: 'WaitForFirstConsumer' })],
      holds: 'StorageClass "local" is WaitForFirstConsumer',
      fix: /describe pvc api-data/,
    },
    {
      name: 'the claim does not exist',
      claims: [],
      classes: [],
      holds: '; PersistentVolumeClaim default/api-data does not exist',
      fix: /create the claim default\/api-data/,
    },
    {
      name: "claims not known: today's wording",
      holds: 'pod has unbound immediate PersistentVolumeClaims',
      fix: /check its StorageClass exists/,
    },
  ])('claim: $name', ({ claims, classes, holds, fix }) => {
    const d = deployment('api', mid);
    const pending = pod('api-new22-v', {
      nodeName: '',
      phase: 'Pending',
      ready: false,
      containers: [],
      unschedulableReason: 'Unschedulable',
      unschedulableMessage:
        '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
      placement: { nodeSelector: {}, requiredTerms: [], tolerations: [], claims: ['api-data'] },
    });
    const r = analyzeRollout({
      deployment: d,
      replicaSets: sets(d),
      podsOf: (uid) => (uid === 'uid-api-new22' ? [pending] : []),
      classify: (p) => classifyPod(p, [], NOW),
      ...(claims === undefined
        ? {}
        : {
            scheduling: indexSchedulingObjects({
              claims,
              ...(classes === undefined ? {} : { storageClasses: classes }),
            }),
          }),
    });
    expect(r.stuckReason).toContain(holds);
    expect(r.recommendation).toMatchObject({ action: 'fix storage' });
    expect(r.recommendation.reason).toMatch(fix);
  });
});

describe('analyzeWorkloads (fleetscope analyze) judges claims and quotas from what the dump holds', () => {
  const base = { name: 'c1', nodes: [], pods: [], deployments: [], events: [provisioningFailed], now: NOW };
  const refused = replicaSet('trainer-7f9c', [failedCreate(REFUSAL)]);
  it.each<{ name: string; extra: Record<string, unknown>; rules: string[] }>([
    {
      name: 'claims, classes and quotas in the dump: both findings',
      extra: { claims: [claim()], storageClasses: [sc('gp3', { isDefault: true })], quotas: [quota(8, 8)] },
      rules: ['pvc.unbound', 'quota.exhausted'],
    },
    {
      name: 'claims without classes: the class is unknown, never missing',
      extra: { claims: [claim()] },
      rules: [],
    },
    {
      name: 'no quotas in the dump: nothing about quotas',
      extra: { storageClasses: [sc('gp3')] },
      rules: [],
    },
  ])('$name', ({ extra, rules }) => {
    const { findings } = analyzeWorkloads({ ...base, replicaSets: [refused], ...extra }, []);
    expect(findings.map((f) => f.rule).filter((r) => r === 'pvc.unbound' || r === 'quota.exhausted')).toEqual(
      rules,
    );
    const pvc = findings.find((f) => f.rule === 'pvc.unbound');
    if (pvc !== undefined) expect(pvc.evidence.map((e) => e.signal)).toContain('event ProvisioningFailed');
  });
});
