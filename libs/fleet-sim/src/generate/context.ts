import type { ObjectStore } from '../model/store.ts';
import type { Random } from '../random.ts';
import type { ClusterSpec, FleetSize } from '../scenarios/spec.ts';

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  timeAdded?: string;
}

/** Placement bookkeeping for one node while a cluster is being generated. */
export interface NodeSlot {
  name: string;
  uid: string;
  pool: string;
  zone: string;
  labels: Record<string, string>;
  taints: Taint[];
  unschedulable: boolean;
  /** Ready condition status. */
  ready: 'True' | 'False' | 'Unknown';
  /** Allocatable per resource name, as numbers (cpu in cores, memory in bytes, GPUs in devices). */
  allocatable: Record<string, number>;
  /** Requested so far by pods bound here. */
  used: Record<string, number>;
  pods: number;
  maxPods: number;
  /** Last host octet handed out from the pod CIDR. */
  lastPodIp: number;
  /** First three octets of the node's pod CIDR (x.y.z.0/24). */
  podCidrPrefix: string;
  internalIp: string;
}

/** Everything a generator needs while building one cluster. */
export interface BuildContext {
  spec: ClusterSpec;
  clusterIndex: number;
  size: FleetSize;
  random: Random;
  /** Generation time, epoch ms. */
  now: number;
  store: ObjectStore;
  nodes: NodeSlot[];
  nextServiceIp(): string;
}

export function createServiceIpAllocator(): () => string {
  let next = 0;
  return () => {
    const n = next++;
    return `172.20.${Math.floor(n / 250)}.${(n % 250) + 1}`;
  };
}
