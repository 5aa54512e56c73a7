import type { Finding } from '@fleetscope/types';

/** A finding that stopped firing, as it last read. */
export interface ResolvedFinding {
  finding: Finding;
  firstSeen: number;
  resolvedAt: number;
}

export interface FindingHistoryLimits {
  /** Resolved findings kept at most (oldest dropped first). */
  maxResolved: number;
  /** Resolved findings older than this are dropped. */
  keepResolvedMs: number;
}

export const DEFAULT_HISTORY_LIMITS: FindingHistoryLimits = {
  maxResolved: 2_000,
  keepResolvedMs: 24 * 3_600_000,
};

/**
 * Findings over time, in memory and bounded: when each open finding was first seen, and the
 * findings resolved recently, so a view can say "new in the last 15 minutes" and "resolved".
 * Nothing survives a restart (a finding open at start is first seen at start). Time is passed in.
 */
export class FindingHistory {
  readonly #open = new Map<string, { firstSeen: number; finding: Finding }>();
  #resolved: ResolvedFinding[] = [];
  readonly #limits: FindingHistoryLimits;

  constructor(limits: Partial<FindingHistoryLimits> = {}) {
    this.#limits = { ...DEFAULT_HISTORY_LIMITS, ...limits };
  }

  /** Records the findings of one snapshot: new ids open, missing ids resolve. */
  observe(findings: Iterable<Finding>, now: number): void {
    const seen = new Set<string>();
    for (const f of findings) {
      seen.add(f.id);
      const open = this.#open.get(f.id);
      if (open === undefined) this.#open.set(f.id, { firstSeen: now, finding: f });
      else open.finding = f;
    }
    for (const [id, open] of this.#open) {
      if (seen.has(id)) continue;
      this.#open.delete(id);
      this.#resolved.push({ finding: open.finding, firstSeen: open.firstSeen, resolvedAt: now });
    }
    const oldest = now - this.#limits.keepResolvedMs;
    if (this.#resolved.length > this.#limits.maxResolved || (this.#resolved[0]?.resolvedAt ?? now) < oldest) {
      this.#resolved = this.#resolved.filter((r) => r.resolvedAt >= oldest).slice(-this.#limits.maxResolved);
    }
  }

  /** When an open finding was first seen (epoch ms); null when it is not open. */
  firstSeen(id: string): number | null {
    return this.#open.get(id)?.firstSeen ?? null;
  }

  /** Findings resolved at or after `since`, newest first, at most `limit`. */
  resolvedSince(since: number, limit: number): ResolvedFinding[] {
    const out: ResolvedFinding[] = [];
    for (let i = this.#resolved.length - 1; i >= 0 && out.length < limit; i--) {
      const r = this.#resolved[i];
      if (r === undefined || r.resolvedAt < since) break;
      out.push(r);
    }
    return out;
  }

  get openCount(): number {
    return this.#open.size;
  }
}
