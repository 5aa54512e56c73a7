import {
  type ClusterHealth,
  diffFindings,
  type FindingFilter,
  filterFindings,
  isEmptyDiff,
  worstFirst,
} from '@fleetscope/diagnostics';
import type { Finding as FindingData } from '@fleetscope/types';
import { Injectable } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { type FleetSnapshot, FleetSnapshots } from '../../analysis/fleet-snapshots.ts';
import { ERROR_CODES } from '../guards/error-codes.ts';
import { latestValueIterator } from '../push/latest-value-iterator.ts';
import type { DeltaEvent, SliceEvent } from '../push/slice-event.ts';
import { MAX_FINDINGS_FIRST } from './dto/findings.args.ts';
import { type FirstSeen, toFindingsChange, toFindingView } from './findings.mapper.ts';
import type { Finding, FindingsChange, ResolvedFinding } from './models/finding.model.ts';

/** One version of a subscriber's findings: diffed against whatever that client was sent last. */
export class FindingsEvent implements DeltaEvent<FindingsChange> {
  readonly value: FindingsChange;

  constructor(
    readonly version: number,
    readonly generatedAt: number,
    /** The findings the filter admits at this version. */
    readonly findings: readonly FindingData[],
    /** What changed since the event before this one. */
    diff: ReturnType<typeof diffFindings>,
    private readonly firstSeen: FirstSeen,
  ) {
    this.value = toFindingsChange(version, generatedAt, diff, firstSeen);
  }

  since(previous: DeltaEvent<FindingsChange> | null): SliceEvent<FindingsChange> | null {
    const before = previous instanceof FindingsEvent ? previous.findings : [];
    const diff = diffFindings(before, this.findings);
    // The first message is sent even when empty: it tells the client where it starts from.
    if (previous !== null && isEmptyDiff(diff)) return null;
    return {
      version: this.version,
      value: toFindingsChange(this.version, this.generatedAt, diff, this.firstSeen),
    };
  }
}

/** Findings of the latest snapshot, filtered and mapped; and the stream of their changes. */
@Injectable()
export class FindingsService {
  constructor(private readonly snapshots: FleetSnapshots) {}

  private readonly firstSeen: FirstSeen = (id) => this.snapshots.history.firstSeen(id);

  /** Findings resolved since `since`, newest first, at most `first` (kept in memory, bounded). */
  resolved(since: Date, first: number): ResolvedFinding[] {
    if (!Number.isInteger(first) || first < 1 || first > MAX_FINDINGS_FIRST) {
      throw new GraphQLError(`first must be an integer from 1 to ${MAX_FINDINGS_FIRST}, got ${first}`, {
        extensions: { code: ERROR_CODES.BAD_USER_INPUT },
      });
    }
    return this.snapshots.history.resolvedSince(since.getTime(), first).map((r) => ({
      finding: toFindingView(r.finding),
      firstSeenAt: new Date(r.firstSeen),
      resolvedAt: new Date(r.resolvedAt),
    }));
  }

  /**
   * The worst `first` findings of one cluster that meet the filter: its summary's, and the scope
   * findings of the latest snapshot placed in that cluster.
   */
  ofCluster(source: ClusterHealth, filter: FindingFilter, first: number): Finding[] {
    const scoped = this.snapshots.current().scopeFindings.filter((f) => f.cluster === source.name);
    return this.page(
      worstFirst([...filterFindings(source.findings, filter), ...filterFindings(scoped, filter)]),
      first,
    );
  }

  /** The worst `first` findings over the given clusters (a fleet view's) and its scope findings. */
  ofFleet(
    sources: readonly ClusterHealth[],
    scopeFindings: readonly FindingData[],
    filter: FindingFilter,
    first: number,
  ): Finding[] {
    return this.page(
      worstFirst([
        ...sources.flatMap((c) => filterFindings(c.findings, filter)),
        ...filterFindings(scopeFindings, filter),
      ]),
      first,
    );
  }

  /**
   * A source stream of findings changes: an event whenever the findings the filter admits differ from
   * the last event's (opened, changed or resolved), starting with the current set. With a cluster,
   * only that cluster's slice version wakes it.
   */
  changes(filter: FindingFilter): AsyncIterableIterator<FindingsEvent> {
    const { cluster } = filter;
    if (cluster && !this.snapshots.current().clusters.some((c) => c.name === cluster)) {
      throw new GraphQLError(`cluster "${cluster}" is not watched`, {
        extensions: { code: ERROR_CODES.NOT_FOUND },
      });
    }
    const admitted = (s: FleetSnapshot): FindingData[] =>
      cluster
        ? worstFirst([
            ...filterFindings(s.clusters.find((c) => c.name === cluster)?.findings ?? [], filter),
            ...filterFindings(
              s.scopeFindings.filter((f) => f.cluster === cluster),
              filter,
            ),
          ])
        : worstFirst([
            ...s.clusters.flatMap((c) => filterFindings(c.findings, filter)),
            ...filterFindings(s.scopeFindings, filter),
          ]);
    const versionOf = (s: FleetSnapshot): number => (cluster ? (s.sliceVersions[cluster] ?? 0) : s.version);
    const start = this.snapshots.current();
    const first = admitted(start);
    let last = new FindingsEvent(
      versionOf(start),
      start.generatedAt,
      first,
      diffFindings([], first),
      this.firstSeen,
    );
    return latestValueIterator<FindingsEvent>(
      (push) =>
        this.snapshots.onSnapshot((s) => {
          const version = versionOf(s);
          if (version === last.version) return;
          const next = admitted(s);
          const diff = diffFindings(last.findings, next);
          if (isEmptyDiff(diff)) return;
          last = new FindingsEvent(version, s.generatedAt, next, diff, this.firstSeen);
          push(last);
        }),
      0,
      last,
    );
  }

  private page(findings: readonly FindingData[], first: number): Finding[] {
    if (!Number.isInteger(first) || first < 1 || first > MAX_FINDINGS_FIRST) {
      throw new GraphQLError(`first must be an integer from 1 to ${MAX_FINDINGS_FIRST}, got ${first}`, {
        extensions: { code: ERROR_CODES.BAD_USER_INPUT },
      });
    }
    const firstSeen = this.firstSeen;
    return findings.slice(0, first).map((f) => toFindingView(f, firstSeen));
  }
}
