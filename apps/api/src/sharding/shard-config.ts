import { hostname } from 'node:os';

/**
 * Clusters sharded over API replicas: each cluster is watched by the replica holding its Lease
 * (coordination.k8s.io/v1, in `namespace` of the `leaseContext` cluster — where Fleetscope runs),
 * and every replica serves the whole fleet from cluster summaries published through Redis.
 */
export interface ShardConfig {
  /** redis://host:port of the broker. */
  brokerUrl: string;
  /** Kubeconfig context whose API server keeps the Leases. */
  leaseContext: string;
  namespace: string;
  /** This replica's holder identity (unique per replica: the pod name in Kubernetes). */
  identity: string;
  /** A lease not renewed for this long is free for another replica to take. */
  leaseDurationMs: number;
}

export const SHARD_FLAGS_WITH_VALUE = [
  'shard-broker-url',
  'shard-lease-context',
  'shard-namespace',
  'shard-identity',
  'shard-lease-seconds',
] as const;

export const SHARD_CONFIG_HELP = `Sharding over replicas (optional; the default is one process watching every cluster):
  --shard-broker-url <redis://h:p> FLEETSCOPE_SHARD_BROKER_URL   Redis that carries cluster summaries between replicas
  --shard-lease-context <name>     FLEETSCOPE_SHARD_LEASE_CONTEXT  context whose API server keeps the Leases
  --shard-namespace <ns>           FLEETSCOPE_SHARD_NAMESPACE      namespace of the Leases (default fleetscope)
  --shard-identity <id>            FLEETSCOPE_SHARD_IDENTITY       this replica's holder identity (default host-pid;
                                                                   in Kubernetes use the pod name)
  --shard-lease-seconds <s>        FLEETSCOPE_SHARD_LEASE_SECONDS  lease duration: how long a dead replica's clusters
                                                                   wait before another takes them (default 15)`;

type Env = Record<string, string | undefined>;

/** Reads the --shard-* flags; null when sharding is not asked for. Problems name the flag to fix. */
export function parseShardConfig(
  flag: (name: string) => string | undefined,
  env: Env,
  problems: string[],
  kubeconfig: { path: string | null; contexts: readonly string[] },
): ShardConfig | null {
  const value = (name: string, envName: string): string | undefined => {
    const raw = flag(name) ?? env[envName];
    return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
  };
  const brokerUrl = value('shard-broker-url', 'FLEETSCOPE_SHARD_BROKER_URL');
  const leaseContext = value('shard-lease-context', 'FLEETSCOPE_SHARD_LEASE_CONTEXT');
  const namespace = value('shard-namespace', 'FLEETSCOPE_SHARD_NAMESPACE');
  const identity = value('shard-identity', 'FLEETSCOPE_SHARD_IDENTITY');
  const seconds = value('shard-lease-seconds', 'FLEETSCOPE_SHARD_LEASE_SECONDS');
  if (brokerUrl === undefined) {
    if ([leaseContext, namespace, identity, seconds].some((v) => v !== undefined))
      problems.push('--shard-* settings need --shard-broker-url (sharding is off without a broker)');
    return null;
  }
  if (!/^rediss?:\/\/[^/\s]+(\/\d+)?$/.test(brokerUrl))
    problems.push(`--shard-broker-url must look like redis://host:port, got "${brokerUrl}"`);
  if (kubeconfig.path === null)
    problems.push('--shard-broker-url needs --kubeconfig: the demo fleet is not sharded');
  if (leaseContext === undefined) problems.push('--shard-broker-url needs --shard-lease-context');
  const leaseSeconds = seconds === undefined ? 15 : Number(seconds);
  if (!Number.isInteger(leaseSeconds) || leaseSeconds < 2 || leaseSeconds > 300)
    problems.push(`--shard-lease-seconds must be an integer between 2 and 300, got "${seconds}"`);
  const ns = namespace ?? 'fleetscope';
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(ns))
    problems.push(`--shard-namespace "${ns}" is not a namespace name`);
  return {
    brokerUrl,
    leaseContext: leaseContext ?? '',
    namespace: ns,
    identity: identity ?? `${hostname()}-${process.pid}`,
    leaseDurationMs: leaseSeconds * 1000,
  };
}
