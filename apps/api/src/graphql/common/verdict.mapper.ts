import type { Evidence as EvidenceData, Verdict } from '@fleetscope/types';
import type { Evidence, PlaneHealth } from './models/plane-health.model.ts';

/** Epoch ms (or null) as the GraphQL DateTime value. */
export const toDate = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

/** Domain evidence (ISO times, optional fields) in its GraphQL shape (Dates, explicit nulls). */
export function toEvidence(e: EvidenceData): Evidence {
  return {
    signal: e.signal,
    value: e.value,
    threshold: e.threshold ?? null,
    window: e.window ?? null,
    source: e.source,
    observedAt: e.observedAt ? new Date(e.observedAt) : null,
  };
}

/** A verdict in its GraphQL shape. */
export function toPlaneHealth(v: Verdict): PlaneHealth {
  return { status: v.status, summary: v.summary, evidence: v.evidence.map(toEvidence) };
}
