import { type ClusterHealth, type RolloutStatus, type TroubledPod } from '@fleetscope/diagnostics';
import { type Finding as FindingData, subjectKey, type WatchedResource } from '@fleetscope/types';
import { Injectable } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { FleetSnapshots } from '../../analysis/fleet-snapshots.ts';
import { toFindingView } from '../findings/findings.mapper.ts';
import { ERROR_CODES } from '../guards/error-codes.ts';
import {
  MAX_PODS_FIRST,
  type PodsArgs,
  type RolloutsArgs,
  type TroubledPodArgs,
} from './dto/workloads.args.ts';
import type { Pod, PodConnection } from './models/pod.model.ts';
import type { Rollout } from './models/rollout.model.ts';
import { POD_STATE_BY_RULE } from './models/workload-enums.ts';
import { comparePodKeys, decodePodCursor, encodePodCursor } from './pod-cursor.ts';
import { toPod, toRollout } from './workloads.mapper.ts';

/** What is derived once per cluster summary (summaries are immutable and kept while unchanged). */
interface Derived {
  pods: TroubledPod[];
  rollouts: Rollout[];
  /** The analysis' rollouts, in the same order as `rollouts`. */
  statuses: RolloutStatus[];
  /** Findings by pod subject key ("Pod/ns/name"). */
  findingsByPod: Map<string, FindingData[]>;
}

function stuckFirst(a: RolloutStatus, b: RolloutStatus): number {
  const stuck = Number(b.stuckReason !== null) - Number(a.stuckReason !== null);
  if (stuck !== 0) return stuck;
  return comparePodKeys(a, b) || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0);
}

/** Rollouts and troubled pods of a cluster's latest summary: filtered, ordered and paged, never computed here. */
@Injectable()
export class WorkloadsService {
  readonly #derived = new WeakMap<ClusterHealth, Derived>();

  constructor(private readonly snapshots: FleetSnapshots) {}

  /** Unfinished rollouts, stuck ones first, then by namespace and name. */
  rollouts(source: ClusterHealth, args: RolloutsArgs): Rollout[] | null {
    if (source.pods === null || !everListed(source, 'deployments')) return null;
    const all = this.#derive(source).rollouts;
    return args.state ? all.filter((r) => r.state === args.state) : all;
  }

  /** One page of troubled pods after the cursor, ordered by namespace then name. */
  pods(source: ClusterHealth, args: PodsArgs): PodConnection | null {
    const { first } = args;
    if (!Number.isInteger(first) || first < 1 || first > MAX_PODS_FIRST) {
      throw new GraphQLError(`first must be an integer from 1 to ${MAX_PODS_FIRST}, got ${first}`, {
        extensions: { code: ERROR_CODES.BAD_USER_INPUT },
      });
    }
    const after = args.after === undefined || args.after === null ? null : decodePodCursor(args.after);
    if (args.after !== undefined && args.after !== null && after === null) {
      throw new GraphQLError('after is not a cursor this API gave out', {
        extensions: { code: ERROR_CODES.BAD_USER_INPUT },
      });
    }
    // Unknown is not "no troubled pods": pods never listed (or forbidden) answer null.
    if (source.pods === null) return null;
    const derived = this.#derive(source);
    const matching = args.state
      ? derived.pods.filter((p) => POD_STATE_BY_RULE[p.classification.rule] === args.state)
      : derived.pods;
    const start = after === null ? 0 : firstAfter(matching, after);
    const page = matching.slice(start, start + first);
    const edges = page.map((p) => ({
      cursor: encodePodCursor(p.namespace, p.name),
      node: this.#toPod(derived, p),
    }));
    return {
      edges,
      pageInfo: { hasNextPage: start + first < matching.length, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount: matching.length,
    };
  }

  /** One troubled pod by namespace and name; null when it is not troubled or pods are unknown. */
  pod(source: ClusterHealth, args: TroubledPodArgs): Pod | null {
    if (source.pods === null) return null;
    const derived = this.#derive(source);
    const at = firstAfter(derived.pods, args) - 1;
    const p = derived.pods[at];
    if (p === undefined || p.namespace !== args.namespace || p.name !== args.name) return null;
    return this.#toPod(derived, p);
  }

  #toPod(derived: Derived, p: TroubledPod): Pod {
    const firstSeen = (id: string): number | null => this.snapshots.history.firstSeen(id);
    const findings = derived.findingsByPod.get(`Pod/${p.namespace}/${p.name}`) ?? [];
    return toPod(
      p,
      findings,
      findings.map((f) => toFindingView(f, firstSeen)),
    );
  }

  #derive(source: ClusterHealth): Derived {
    let derived = this.#derived.get(source);
    if (derived === undefined) {
      const findingsByPod = new Map<string, FindingData[]>();
      for (const f of source.findings) {
        for (const s of f.subjects) {
          if (s.kind !== 'Pod') continue;
          const key = subjectKey(s);
          const list = findingsByPod.get(key) ?? [];
          list.push(f);
          findingsByPod.set(key, list);
        }
      }
      const statuses = [...(source.rollouts ?? [])].sort(stuckFirst);
      derived = {
        pods: [...(source.troubledPods ?? [])].sort(comparePodKeys),
        rollouts: statuses.map((r) => toRollout(source.name, r)),
        statuses,
        findingsByPod,
      };
      this.#derived.set(source, derived);
    }
    return derived;
  }
}

/** Whether the resource was listed and may still be read (a 403 hides what it had). */
function everListed(source: ClusterHealth, resource: WatchedResource): boolean {
  const f = source.freshness.find((x) => x.resource === resource);
  return f !== undefined && f.lastSyncAt !== null && f.state !== 'FORBIDDEN';
}

/** Index of the first pod after the cursor's position (binary search over the ordered list). */
function firstAfter(pods: readonly TroubledPod[], key: { namespace: string; name: string }): number {
  let lo = 0;
  let hi = pods.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (comparePodKeys(pods[mid] as TroubledPod, key) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
