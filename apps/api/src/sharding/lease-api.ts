import { ApiException, CoordinationV1Api, type KubeConfig, type V1Lease } from '@kubernetes/client-node';
import type { LeaseView } from './shard-plan.ts';

/** Labels and annotation that mark Fleetscope's shard leases. */
export const ROLE_LABEL = 'fleetscope.dev/shard-role';
export const CLUSTER_ANNOTATION = 'fleetscope.dev/cluster';

/** A write lost to another replica (409 Conflict, or 409 AlreadyExists on create). */
export class LeaseConflict extends Error {}

/** The Lease operations the shard coordinator needs (a port: client-node, or a fake in tests). */
export interface LeaseApi {
  list(): Promise<LeaseView[]>;
  /** Creates or takes over `name`; `previous` is the version read (optimistic concurrency). */
  write(lease: {
    name: string;
    role: 'cluster' | 'replica';
    cluster: string | null;
    holder: string;
    durationMs: number;
    now: number;
    previous: LeaseView | null;
  }): Promise<LeaseView>;
}

/** Lease object names are DNS subdomains: the cluster name cleaned, with a hash for uniqueness. */
export function leaseName(role: 'cluster' | 'replica', key: string): string {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  const clean = key
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `fleetscope-${role}-${clean || 'x'}-${(h >>> 0).toString(16)}`;
}

/**
 * A Lease time as metav1.MicroTime: the API server parses exactly six fractional digits and refuses
 * `Date#toISOString()`'s three (400). client-node passes a string through for this type unchanged.
 */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function view(lease: V1Lease): LeaseView {
  const spec = lease.spec ?? {};
  const renew = spec.renewTime ?? spec.acquireTime;
  return {
    name: lease.metadata?.name ?? '',
    cluster: lease.metadata?.annotations?.[CLUSTER_ANNOTATION] ?? null,
    holder: spec.holderIdentity ?? '',
    renewedAt: renew === undefined ? 0 : new Date(renew).getTime(),
    durationMs: (spec.leaseDurationSeconds ?? 0) * 1000,
    resourceVersion: lease.metadata?.resourceVersion ?? '',
  };
}

/** Leases through client-node against the API server of the lease context. */
export class ClientNodeLeaseApi implements LeaseApi {
  readonly #api: CoordinationV1Api;
  readonly #namespace: string;

  constructor(config: KubeConfig, namespace: string) {
    this.#api = config.makeApiClient(CoordinationV1Api);
    this.#namespace = namespace;
  }

  async list(): Promise<LeaseView[]> {
    const list = await this.#api.listNamespacedLease({
      namespace: this.#namespace,
      labelSelector: `${ROLE_LABEL} in (cluster,replica)`,
    });
    return list.items.map(view);
  }

  async write(lease: Parameters<LeaseApi['write']>[0]): Promise<LeaseView> {
    const { previous } = lease;
    const taking = previous === null || previous.holder !== lease.holder;
    // Typed as Date by the generated model; the serializer sends a string as it is.
    const at = microTime(lease.now) as unknown as Date;
    const body: V1Lease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: lease.name,
        namespace: this.#namespace,
        labels: { [ROLE_LABEL]: lease.role, 'app.kubernetes.io/managed-by': 'fleetscope' },
        ...(lease.cluster === null ? {} : { annotations: { [CLUSTER_ANNOTATION]: lease.cluster } }),
        ...(previous === null ? {} : { resourceVersion: previous.resourceVersion }),
      },
      spec: {
        holderIdentity: lease.holder,
        leaseDurationSeconds: Math.max(1, Math.round(lease.durationMs / 1000)),
        renewTime: at,
        ...(taking ? { acquireTime: at } : {}),
      },
    };
    try {
      const written =
        previous === null
          ? await this.#api.createNamespacedLease({ namespace: this.#namespace, body })
          : await this.#api.replaceNamespacedLease({ name: lease.name, namespace: this.#namespace, body });
      return view(written);
    } catch (error) {
      if (error instanceof ApiException && error.code === 409) throw new LeaseConflict(lease.name);
      throw error;
    }
  }
}
