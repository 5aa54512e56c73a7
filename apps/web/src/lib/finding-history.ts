/**
 * When this page first saw each finding, and which ones went away: enough for "new in the last 15 min" and
 * "resolved" until the API serves finding history (issue 10, part 2). It is built on the client from the
 * answers it receives, so it knows nothing from before the page loaded: findings present in the first
 * answer have no known start and are never marked new (marking them would make every reload look like an
 * incident). `observedAt` is not a start time — it is the newest input behind a finding and moves on every
 * observation — so it is not used for this.
 */
import type { Scope } from '../graphql/generated/graphql.ts';

export const NEW_WINDOW_MS = 15 * 60_000;
/** Resolved findings remembered at most (the oldest are dropped first). */
const MAX_RESOLVED = 200;

export interface HistoryFinding {
  id: string;
  scope: Scope;
  title: string;
  cluster: string;
}

export interface ResolvedFinding extends HistoryFinding {
  /** Browser time (epoch ms) of the first answer without it. */
  resolvedAt: number;
}

/** An immutable record of what this page has seen; `note` returns the next one. */
export class FindingHistory {
  private constructor(
    /** Present findings: browser time first seen, or null when already there in the first answer. */
    private readonly firstSeen: ReadonlyMap<string, number | null>,
    private readonly present: ReadonlyMap<string, HistoryFinding>,
    private readonly gone: readonly ResolvedFinding[],
  ) {}

  /** The history after the first answer: everything in it has an unknown start. */
  static start(findings: readonly HistoryFinding[]): FindingHistory {
    return new FindingHistory(
      new Map(findings.map((f) => [f.id, null])),
      new Map(findings.map((f) => [f.id, pick(f)])),
      [],
    );
  }

  /** The history after an answer received at `atMs` (browser clock) holding `findings`. */
  note(findings: readonly HistoryFinding[], atMs: number): FindingHistory {
    const firstSeen = new Map<string, number | null>();
    const present = new Map<string, HistoryFinding>();
    for (const f of findings) {
      firstSeen.set(f.id, this.firstSeen.has(f.id) ? (this.firstSeen.get(f.id) ?? null) : atMs);
      present.set(f.id, pick(f));
    }
    const gone = this.gone.filter((r) => !present.has(r.id) && atMs - r.resolvedAt <= NEW_WINDOW_MS);
    for (const [id, f] of this.present) if (!present.has(id)) gone.push({ ...f, resolvedAt: atMs });
    return new FindingHistory(firstSeen, present, gone.slice(-MAX_RESOLVED));
  }

  /** Browser time this page first saw the finding; null when it was there from the start or is unknown. */
  firstSeenAt(id: string): number | null {
    return this.firstSeen.get(id) ?? null;
  }

  /** First seen by this page within the last 15 minutes. */
  isNew(id: string, nowMs: number): boolean {
    const at = this.firstSeenAt(id);
    return at !== null && nowMs - at <= NEW_WINDOW_MS;
  }

  /** Findings resolved within the last 15 minutes (of one scope when given), newest first. */
  resolvedSince(nowMs: number, scope?: Scope): ResolvedFinding[] {
    return this.gone
      .filter((r) => nowMs - r.resolvedAt <= NEW_WINDOW_MS && (scope === undefined || r.scope === scope))
      .reverse();
  }
}

function pick(f: HistoryFinding): HistoryFinding {
  return { id: f.id, scope: f.scope, title: f.title, cluster: f.cluster };
}
