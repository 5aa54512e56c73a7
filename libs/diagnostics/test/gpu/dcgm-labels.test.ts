import { describe, expect, it } from 'vitest';
import { type DcgmDeviceLabels, dcgmDeviceLabels } from '../../src/index.ts';

const base = { gpu: '0', UUID: 'GPU-aaaa', modelName: 'NVIDIA H100 80GB HBM3', Hostname: 'gpu-node-1' };

interface Case {
  name: string;
  labels: Record<string, string>;
  options?: { fallbackNode?: string; extraKnownLabels?: string[] };
  device: Partial<DcgmDeviceLabels> | null;
  problems?: RegExp[];
  unknown?: string[];
}

const cases: Case[] = [
  {
    name: 'current naming: Hostname, UUID, pod/namespace/container',
    labels: {
      ...base,
      pod: 'train-0',
      namespace: 'ml',
      container: 'pytorch',
      DCGM_FI_DRIVER_VERSION: '570.133.20',
    },
    device: {
      key: 'gpu-node-1/0/',
      node: 'gpu-node-1',
      gpu: '0',
      uuid: 'GPU-aaaa',
      modelName: 'NVIDIA H100 80GB HBM3',
      driverVersion: '570.133.20',
      pod: { namespace: 'ml', name: 'train-0', container: 'pytorch', uid: null },
      migProfile: null,
      migInstance: null,
    },
  },
  {
    name: '2026 naming: hostname in lower case',
    labels: { gpu: '3', UUID: 'GPU-b', hostname: 'gpu-node-2' },
    device: { key: 'gpu-node-2/3/', node: 'gpu-node-2', uuid: 'GPU-b', pod: null },
  },
  {
    name: 'old naming: uuid, pod_name, pod_namespace, container_name',
    labels: {
      gpu: '1',
      uuid: 'GPU-c',
      Hostname: 'n',
      pod_name: 'nb-1',
      pod_namespace: 'research',
      container_name: 'jupyter',
    },
    device: { uuid: 'GPU-c', pod: { namespace: 'research', name: 'nb-1', container: 'jupyter', uid: null } },
  },
  {
    name: 'relabel clash: exported_* are the workload, pod/namespace the exporter',
    labels: {
      ...base,
      pod: 'nvidia-dcgm-exporter-x7k2p',
      namespace: 'gpu-operator',
      container: 'nvidia-dcgm-exporter',
      exported_pod: 'train-1',
      exported_namespace: 'ml',
      exported_container: 'main',
    },
    device: { pod: { namespace: 'ml', name: 'train-1', container: 'main', uid: null } },
  },
  {
    name: "the exporter's own target labels alone attribute nothing",
    labels: {
      ...base,
      pod: 'nvidia-dcgm-exporter-x7k2p',
      namespace: 'gpu-operator',
      container: 'nvidia-dcgm-exporter',
    },
    device: { pod: null },
  },
  {
    name: 'pod_uid is kept',
    labels: { ...base, pod: 'p', namespace: 'ns', pod_uid: 'u-1' },
    device: { pod: { namespace: 'ns', name: 'p', container: null, uid: 'u-1' } },
  },
  {
    name: 'MIG instance: GPU_I_PROFILE and GPU_I_ID make their own key',
    labels: { ...base, GPU_I_PROFILE: '1g.10gb', GPU_I_ID: '7' },
    device: { key: 'gpu-node-1/0/7', migProfile: '1g.10gb', migInstance: '7' },
  },
  {
    name: 'DRA labels',
    labels: {
      ...base,
      dra_claim_name: 'claim-a',
      dra_claim_namespace: 'ml',
      dra_driver_name: 'gpu.nvidia.com',
      dra_pool_name: 'gpu-node-1',
      dra_device_name: 'gpu-0-mig-1g.10gb-7-0',
      dra_mig_profile: '1g.10gb',
      dra_mig_device_uuid: 'MIG-1',
    },
    device: {
      dra: {
        claimName: 'claim-a',
        claimNamespace: 'ml',
        driver: 'gpu.nvidia.com',
        pool: 'gpu-node-1',
        device: 'gpu-0-mig-1g.10gb-7-0',
        migProfile: '1g.10gb',
        migDeviceUuid: 'MIG-1',
      },
    },
  },
  {
    name: 'vgpu is kept (copies, never summed)',
    labels: { ...base, vgpu: '2', pod: 'a', namespace: 'ns' },
    device: { vgpu: '2' },
  },
  {
    name: 'no gpu index: keyed by UUID',
    labels: { UUID: 'GPU-z', Hostname: 'n' },
    device: { key: 'n/uuid:GPU-z/', gpu: '', uuid: 'GPU-z' },
  },
  {
    name: 'no host label: the file’s node when given',
    labels: { gpu: '0', UUID: 'GPU-a' },
    options: { fallbackNode: 'from-file' },
    device: { node: 'from-file' },
  },
  {
    name: 'Prometheus target labels are known; a cluster label can be declared',
    labels: { ...base, instance: '10.0.0.1:9400', job: 'dcgm', region: 'eu' },
    options: { extraKnownLabels: ['region'] },
    device: { node: 'gpu-node-1' },
    unknown: [],
  },
  {
    name: 'unknown label names are reported, the device kept',
    labels: { ...base, gpu_uuid: 'x' },
    device: { node: 'gpu-node-1' },
    unknown: ['gpu_uuid'],
  },
  {
    name: 'Hostname and hostname disagreeing: reported, Hostname used',
    labels: { ...base, hostname: 'other' },
    device: { node: 'gpu-node-1' },
    problems: [/host: Hostname="gpu-node-1" and hostname="other" disagree/],
  },
  {
    name: 'no host label and no fallback: not placed, never guessed from another label',
    labels: { gpu: '0', UUID: 'GPU-a', node: 'n-1' },
    device: null,
    problems: [/no host label/, /unknown labels: node/],
    unknown: ['node'],
  },
  {
    name: 'neither gpu nor UUID: not placed',
    labels: { Hostname: 'n', modelName: 'x' },
    device: null,
    problems: [/no device label/],
  },
  {
    name: 'MIG profile without instance id: not placed',
    labels: { ...base, GPU_I_PROFILE: '1g.10gb' },
    device: null,
    problems: [/without GPU_I_ID/],
  },
  {
    name: 'a pod without any namespace label: no attribution, reported',
    labels: { ...base, pod: 'p' },
    device: { pod: null },
    problems: [/no namespace label/],
  },
  {
    name: 'empty values count as absent',
    labels: { ...base, pod: '', namespace: '', container: '' },
    device: { pod: null },
    problems: [],
  },
];

describe('dcgmDeviceLabels', () => {
  it.each(cases)('$name', ({ labels, options, device, problems, unknown }) => {
    const result = dcgmDeviceLabels(labels, options);
    if (device === null) expect(result.device).toBeNull();
    else expect(result.device).toMatchObject(device);
    if (problems !== undefined) {
      expect(result.problems).toHaveLength(problems.length);
      for (const [i, p] of problems.entries()) expect(result.problems[i]).toMatch(p);
    }
    if (unknown !== undefined) expect(result.unknownLabels).toEqual(unknown);
  });
});
