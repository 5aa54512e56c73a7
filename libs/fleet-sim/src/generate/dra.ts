import { toKubeTime } from '../clock.ts';
import type { KubeObject } from '../model/types.ts';
import type { Random } from '../random.ts';
import type { DraDevices } from '../scenarios/spec.ts';
import { managedFields } from './meta.ts';

/**
 * What the NVIDIA DRA driver publishes for a node (reference/gpu.md "Dynamic Resource Allocation"):
 * one ResourceSlice per node, pool named after the node, devices `gpu-<minor>` with their attributes;
 * and ResourceClaims allocated to the first devices, node by node.
 */
export function buildDraObjects(
  nodes: readonly string[],
  dra: DraDevices,
  random: Random,
  createdMs: number,
): { slices: KubeObject[]; claims: KubeObject[] } {
  const slices = nodes.map(
    (node): KubeObject => ({
      apiVersion: 'resource.k8s.io/v1',
      kind: 'ResourceSlice',
      metadata: {
        name: `${node}-${dra.driver}-${random.string(5, 'abcdefghijklmnopqrstuvwxyz0123456789')}`,
        uid: random.uuid(),
        resourceVersion: '',
        creationTimestamp: toKubeTime(createdMs),
        ownerReferences: [
          { apiVersion: 'v1', kind: 'Node', name: node, uid: random.uuid(), controller: true },
        ],
        managedFields: managedFields('kubelet', 'resource.k8s.io/v1', createdMs),
      },
      spec: {
        driver: dra.driver,
        nodeName: node,
        pool: { name: node, generation: 1, resourceSliceCount: 1 },
        devices: Array.from({ length: dra.perNode }, (_, minor) => ({
          name: `gpu-${minor}`,
          attributes: {
            type: { string: 'gpu' },
            productName: { string: dra.product },
            uuid: { string: `GPU-${random.uuid()}` },
            driverVersion: { version: dra.driverVersion },
            index: { int: minor },
          },
          capacity: { memory: { value: `${dra.memoryGi}Gi` } },
        })),
      },
    }),
  );
  const claims: KubeObject[] = [];
  for (let i = 0; i < dra.claims; i++) {
    const node = nodes[Math.floor(i / dra.perNode)];
    if (node === undefined) break;
    const name = `${dra.claimPrefix}-${i}`;
    claims.push({
      apiVersion: 'resource.k8s.io/v1',
      kind: 'ResourceClaim',
      metadata: {
        name,
        namespace: dra.namespace,
        uid: random.uuid(),
        resourceVersion: '',
        creationTimestamp: toKubeTime(createdMs),
        managedFields: managedFields('kube-controller-manager', 'resource.k8s.io/v1', createdMs),
      },
      spec: {
        devices: {
          requests: [
            { name: 'gpu', exactly: { deviceClassName: dra.driver, allocationMode: 'ExactCount', count: 1 } },
          ],
        },
      },
      status: {
        allocation: {
          devices: {
            results: [{ request: 'gpu', driver: dra.driver, pool: node, device: `gpu-${i % dra.perNode}` }],
          },
          nodeSelector: {
            nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }],
          },
        },
      },
    });
  }
  return { slices, claims };
}
