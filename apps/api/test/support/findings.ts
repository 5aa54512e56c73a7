import {
  type ClusterHealth,
  FindingHistory,
  summarizeClusterHealth,
  summarizeFleet,
} from '@fleetscope/diagnostics';
import { type Finding, type FindingSubject, findingId } from '@fleetscope/types';
import type { FleetSnapshot, FleetSnapshots } from '../../src/analysis/fleet-snapshots.ts';

export const T0 = Date.parse('2026-11-29T20:00:00Z');

/** A hand-made finding about one subject (the rules that emit them are being converted). */
export function finding(
  cluster: string,
  rule: string,
  subject: FindingSubject,
  overrides: Partial<Finding> = {},
): Finding {
  return {
    id: findingId(cluster, rule, [subject]),
    rule,
    scope: 'NODE',
    plane: 'DATA',
    severity: 'WARNING',
    status: 'DEGRADED',
    cluster,
    subjects: [subject],
    attributes: { node: subject.name, pool: 'h100' },
    title: `${subject.kind} ${subject.name}: ${rule}`,
    detail: 'Hand-made for a test.',
    evidence: [
      { signal: 'node Ready', value: 'False', source: 'watch', observedAt: new Date(T0).toISOString() },
    ],
    nextSteps: [`kubectl describe node ${subject.name}`],
    observedAt: T0,
    ...overrides,
  };
}

/** A cluster summary (no records, offline) carrying the given findings. */
export function clusterWith(name: string, findings: Finding[]): ClusterHealth {
  const health = summarizeClusterHealth({
    name,
    nodes: [],
    pods: [],
    deployments: [],
    services: [],
    endpointSlices: [],
    freshness: [],
    now: T0,
    mode: 'offline',
  });
  return { ...health, findings };
}

/**
 * Stands in for FleetSnapshots: the test publishes each snapshot. A cluster keeps its slice version
 * while its summary object is the same, as FleetSnapshots does.
 */
export class ScriptedSnapshots {
  #snapshot: FleetSnapshot;
  readonly #listeners = new Set<(s: FleetSnapshot) => void>();

  constructor(clusters: ClusterHealth[]) {
    this.#snapshot = snapshotOf(clusters, 1, {});
  }

  /** What FleetSnapshots keeps over time; the test's snapshots feed it as they are published. */
  readonly history = new FindingHistory();

  current(): FleetSnapshot {
    return this.#snapshot;
  }

  /** The app starts and stops its FleetSnapshots; the test publishes instead. */
  start(): void {}
  stop(): void {}

  cluster(name: string): ClusterHealth | undefined {
    return this.#snapshot.clusters.find((c) => c.name === name);
  }

  onSnapshot(listener: (s: FleetSnapshot) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Publishes the next version; clusters given as the same objects keep their slice version. */
  publish(clusters: ClusterHealth[]): FleetSnapshot {
    const previous = this.#snapshot;
    this.#snapshot = snapshotOf(clusters, previous.version + 1, previous.sliceVersions, previous.clusters);
    this.history.observe(
      this.#snapshot.clusters.flatMap((c) => c.findings),
      this.#snapshot.generatedAt,
    );
    for (const listener of this.#listeners) listener(this.#snapshot);
    return this.#snapshot;
  }

  get listeners(): number {
    return this.#listeners.size;
  }

  asFleetSnapshots(): FleetSnapshots {
    return this as unknown as FleetSnapshots;
  }
}

function snapshotOf(
  clusters: ClusterHealth[],
  version: number,
  sliceVersions: Readonly<Record<string, number>>,
  before: readonly ClusterHealth[] = [],
): FleetSnapshot {
  const slices: Record<string, number> = {};
  for (const c of clusters) {
    const same = before.find((b) => b.name === c.name) === c;
    slices[c.name] = same ? (sliceVersions[c.name] ?? version) : version;
  }
  const now = T0 + version * 1_000;
  return Object.freeze({
    ...summarizeFleet(clusters, now, version),
    clusters,
    sliceVersions: slices,
    scopeFindings: [],
  });
}
