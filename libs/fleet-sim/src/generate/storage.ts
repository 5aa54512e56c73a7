import { toKubeTime } from '../clock.ts';
import type { KubeObject } from '../model/types.ts';
import type { Random } from '../random.ts';
import type { ClusterSpec } from '../scenarios/spec.ts';
import { servesGpuOperator } from './gpu-operator.ts';
import { managedFields } from './meta.ts';

/** The default StorageClass each provider's clusters come with, as its CSI driver installs it. */
const DEFAULT_CLASS: Record<
  ClusterSpec['provider'],
  { name: string; provisioner: string; parameters: Record<string, string> }
> = {
  aws: { name: 'gp3', provisioner: 'ebs.csi.aws.com', parameters: { type: 'gp3', encrypted: 'true' } },
  gcp: { name: 'standard-rwo', provisioner: 'pd.csi.storage.gke.io', parameters: { type: 'pd-balanced' } },
  onprem: { name: 'local-path', provisioner: 'rancher.io/local-path', parameters: {} },
};

/** The name of a simulated cluster's default StorageClass. */
export function defaultStorageClassOf(spec: ClusterSpec): string {
  return DEFAULT_CLASS[spec.provider].name;
}

/** The cluster's default StorageClass (WaitForFirstConsumer, as the managed CSI drivers ship it). */
export function buildStorageClasses(spec: ClusterSpec, random: Random, createdMs: number): KubeObject[] {
  const c = DEFAULT_CLASS[spec.provider];
  return [
    {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: {
        name: c.name,
        uid: random.uuid(),
        resourceVersion: '',
        creationTimestamp: toKubeTime(createdMs),
        annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
        managedFields: managedFields('kubectl-client-side-apply', 'storage.k8s.io/v1', createdMs),
      },
      provisioner: c.provisioner,
      parameters: c.parameters,
      reclaimPolicy: 'Delete',
      allowVolumeExpansion: true,
      volumeBindingMode: 'WaitForFirstConsumer',
    },
  ];
}

/** The RuntimeClass the GPU Operator's container toolkit installs where there are whole-GPU pools. */
export function buildRuntimeClasses(spec: ClusterSpec, random: Random, createdMs: number): KubeObject[] {
  if (!servesGpuOperator(spec)) return [];
  return [
    {
      apiVersion: 'node.k8s.io/v1',
      kind: 'RuntimeClass',
      metadata: {
        name: 'nvidia',
        uid: random.uuid(),
        resourceVersion: '',
        creationTimestamp: toKubeTime(createdMs),
        labels: { 'app.kubernetes.io/component': 'gpu-operator' },
        managedFields: managedFields('gpu-operator', 'node.k8s.io/v1', createdMs),
      },
      handler: 'nvidia',
    },
  ];
}

/** A ResourceQuota whose status the quota controller has written: `used` against `hard`. */
export function buildResourceQuota(
  namespace: string,
  name: string,
  hard: Record<string, string>,
  used: Record<string, string>,
  random: Random,
  createdMs: number,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: {
      name,
      namespace,
      uid: random.uuid(),
      resourceVersion: '',
      creationTimestamp: toKubeTime(createdMs),
      managedFields: managedFields('kubectl-client-side-apply', 'v1', createdMs),
    },
    spec: { hard },
    status: { hard, used },
  };
}
