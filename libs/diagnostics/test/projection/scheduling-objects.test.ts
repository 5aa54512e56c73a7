import { describe, expect, it } from 'vitest';
import {
  projectObject,
  projectPersistentVolumeClaim,
  projectResourceQuota,
  projectRuntimeClass,
  projectStorageClass,
} from '../../src/index.ts';

const meta = (name: string, namespace?: string, extra: Record<string, unknown> = {}) => ({
  name,
  ...(namespace === undefined ? {} : { namespace }),
  uid: `uid-${name}`,
  resourceVersion: '42',
  creationTimestamp: '2026-01-02T03:04:05Z',
  ...extra,
});
const T0 = Date.parse('2026-01-02T03:04:05Z');

describe('projectPersistentVolumeClaim', () => {
  it.each([
    {
      name: 'Pending, naming a class',
      raw: {
        kind: 'PersistentVolumeClaim',
        metadata: meta('data', 'ml'),
        spec: { storageClassName: 'fast-nvme', accessModes: ['ReadWriteOnce'] },
        status: { phase: 'Pending' },
      },
      expected: { phase: 'Pending', storageClassName: 'fast-nvme', volumeName: '', selectedNode: '' },
    },
    {
      name: 'no class set: null, not ""',
      raw: { metadata: meta('data', 'ml'), spec: {}, status: { phase: 'Pending' } },
      expected: { phase: 'Pending', storageClassName: null, volumeName: '', selectedNode: '' },
    },
    {
      name: 'explicitly no class: ""',
      raw: { metadata: meta('data', 'ml'), spec: { storageClassName: '' } },
      expected: { phase: '', storageClassName: '', volumeName: '', selectedNode: '' },
    },
    {
      name: 'Bound, with the node WaitForFirstConsumer chose',
      raw: {
        metadata: meta('data', 'ml', { annotations: { 'volume.kubernetes.io/selected-node': 'gpu-1' } }),
        spec: { storageClassName: 'standard', volumeName: 'pvc-123' },
        status: { phase: 'Bound', capacity: { storage: '10Gi' } },
      },
      expected: {
        phase: 'Bound',
        storageClassName: 'standard',
        volumeName: 'pvc-123',
        selectedNode: 'gpu-1',
      },
    },
  ])('$name', ({ raw, expected }) => {
    expect(projectPersistentVolumeClaim(raw)).toEqual({
      ok: true,
      record: {
        kind: 'PersistentVolumeClaim',
        uid: 'uid-data',
        namespace: 'ml',
        name: 'data',
        resourceVersion: '42',
        createdAt: T0,
        ...expected,
      },
    });
  });
});

describe('projectStorageClass', () => {
  it.each([
    {
      name: 'the default, WaitForFirstConsumer',
      raw: {
        kind: 'StorageClass',
        metadata: meta('gp3', undefined, {
          annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
        }),
        provisioner: 'ebs.csi.aws.com',
        volumeBindingMode: 'WaitForFirstConsumer',
      },
      expected: {
        provisioner: 'ebs.csi.aws.com',
        volumeBindingMode: 'WaitForFirstConsumer',
        isDefault: true,
      },
    },
    {
      name: 'binding mode defaults to Immediate; "True" is not "true"',
      raw: {
        metadata: meta('gp3', undefined, {
          annotations: { 'storageclass.kubernetes.io/is-default-class': 'True' },
        }),
        provisioner: 'ebs.csi.aws.com',
      },
      expected: { provisioner: 'ebs.csi.aws.com', volumeBindingMode: 'Immediate', isDefault: false },
    },
    {
      name: 'the beta default annotation still counts',
      raw: {
        metadata: meta('gp3', undefined, {
          annotations: { 'storageclass.beta.kubernetes.io/is-default-class': 'true' },
        }),
        provisioner: 'kubernetes.io/aws-ebs',
      },
      expected: { provisioner: 'kubernetes.io/aws-ebs', volumeBindingMode: 'Immediate', isDefault: true },
    },
  ])('$name', ({ raw, expected }) => {
    expect(projectStorageClass(raw)).toEqual({
      ok: true,
      record: {
        kind: 'StorageClass',
        uid: 'uid-gp3',
        name: 'gp3',
        resourceVersion: '42',
        createdAt: T0,
        ...expected,
      },
    });
  });
});

describe('projectRuntimeClass', () => {
  it('keeps the handler and the scheduling admission adds', () => {
    expect(
      projectRuntimeClass({
        apiVersion: 'node.k8s.io/v1',
        kind: 'RuntimeClass',
        metadata: meta('nvidia'),
        handler: 'nvidia',
        scheduling: {
          nodeSelector: { 'nvidia.com/gpu.present': 'true' },
          tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
        },
      }),
    ).toEqual({
      ok: true,
      record: {
        kind: 'RuntimeClass',
        uid: 'uid-nvidia',
        name: 'nvidia',
        resourceVersion: '42',
        createdAt: T0,
        handler: 'nvidia',
        nodeSelector: { 'nvidia.com/gpu.present': 'true' },
        tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', value: '', effect: 'NoSchedule' }],
      },
    });
  });

  it('no scheduling: empty selector and tolerations', () => {
    const r = projectRuntimeClass({ metadata: meta('kata'), handler: 'kata' });
    expect(r.ok && { nodeSelector: r.record.nodeSelector, tolerations: r.record.tolerations }).toEqual({
      nodeSelector: {},
      tolerations: [],
    });
  });
});

describe('projectResourceQuota', () => {
  it('parses status.hard and status.used; a quantity that does not parse is left out (unknown, not 0)', () => {
    expect(
      projectResourceQuota({
        kind: 'ResourceQuota',
        metadata: meta('gpu-quota', 'ml'),
        spec: { hard: { 'requests.nvidia.com/gpu': '16' } },
        status: {
          hard: {
            'requests.nvidia.com/gpu': '8',
            'requests.memory': '64Gi',
            'limits.cpu': '500m',
            pods: '10',
          },
          used: { 'requests.nvidia.com/gpu': '8', 'requests.memory': '1.5Gi', 'limits.cpu': 'lots', pods: 4 },
        },
      }),
    ).toEqual({
      ok: true,
      record: {
        kind: 'ResourceQuota',
        uid: 'uid-gpu-quota',
        namespace: 'ml',
        name: 'gpu-quota',
        resourceVersion: '42',
        createdAt: T0,
        hard: { 'requests.nvidia.com/gpu': 8, 'requests.memory': 64 * 2 ** 30, 'limits.cpu': 0.5, pods: 10 },
        used: { 'requests.nvidia.com/gpu': 8, 'requests.memory': 1.5 * 2 ** 30, pods: 4 },
      },
    });
  });

  it('no status yet: nothing known', () => {
    const r = projectResourceQuota({ metadata: meta('q', 'ml'), spec: { hard: { pods: '1' } } });
    expect(r.ok && [r.record.hard, r.record.used]).toEqual([{}, {}]);
  });
});

describe('malformed scheduling objects are rejected with the path at fault, never thrown', () => {
  it.each([
    { project: projectPersistentVolumeClaim, raw: null, error: /PersistentVolumeClaim: expected an object/ },
    {
      project: projectPersistentVolumeClaim,
      raw: { kind: 'Pod', metadata: meta('x', 'ml') },
      error: /kind is 'Pod'/,
    },
    {
      project: projectPersistentVolumeClaim,
      raw: { metadata: meta('x') },
      error: /metadata.namespace missing/,
    },
    {
      project: projectPersistentVolumeClaim,
      raw: { metadata: meta('x', 'ml'), spec: { storageClassName: 7 } },
      error: /PersistentVolumeClaim ml\/x: spec.storageClassName is not a string/,
    },
    {
      project: projectPersistentVolumeClaim,
      raw: { metadata: meta('x', 'ml'), status: { phase: ['Bound'] } },
      error: /status.phase is not a string/,
    },
    {
      project: projectPersistentVolumeClaim,
      raw: { metadata: meta('x', 'ml', { annotations: { 'volume.kubernetes.io/selected-node': 1 } }) },
      error: /selected-node/,
    },
    {
      project: projectStorageClass,
      raw: { metadata: meta('gp3') },
      error: /StorageClass gp3: provisioner missing/,
    },
    {
      project: projectStorageClass,
      raw: { metadata: meta('gp3'), provisioner: 'x', volumeBindingMode: 'Lazy' },
      error: /volumeBindingMode is not a binding mode: 'Lazy'/,
    },
    {
      project: projectStorageClass,
      raw: { metadata: { name: 'gp3' }, provisioner: 'x' },
      error: /uid missing/,
    },
    {
      project: projectRuntimeClass,
      raw: { metadata: meta('nvidia') },
      error: /RuntimeClass nvidia: handler missing/,
    },
    {
      project: projectRuntimeClass,
      raw: { metadata: meta('nvidia'), handler: 'nvidia', scheduling: { tolerations: 'all' } },
      error: /scheduling.tolerations is not an array/,
    },
    {
      project: projectRuntimeClass,
      raw: { metadata: meta('nvidia'), handler: 'nvidia', scheduling: { nodeSelector: { a: 1 } } },
      error: /scheduling.nodeSelector\[a\] is not a string/,
    },
    {
      project: projectResourceQuota,
      raw: { metadata: meta('q', 'ml'), status: { hard: { pods: { n: 1 } } } },
      error: /ResourceQuota ml\/q: status.hard\[pods\] is not a quantity/,
    },
    {
      project: projectResourceQuota,
      raw: { metadata: meta('q', 'ml'), status: { used: ['pods'] } },
      error: /status.used is not an object/,
    },
  ])('$error', ({ project, raw, error }) => {
    const result = (project as (raw: unknown) => { ok: boolean; error?: string })(raw);
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(error);
  });

  it('projectObject dispatches the four kinds', () => {
    expect(projectObject('StorageClass', { metadata: meta('gp3'), provisioner: 'x' }).ok).toBe(true);
    expect(projectObject('RuntimeClass', { metadata: meta('nvidia'), handler: 'nvidia' }).ok).toBe(true);
    expect(projectObject('ResourceQuota', { metadata: meta('q', 'ml') }).ok).toBe(true);
    expect(projectObject('PersistentVolumeClaim', { metadata: meta('c', 'ml') }).ok).toBe(true);
  });
});
