import type { FindingsDiff } from '@fleetscope/diagnostics';
import type { Finding as FindingData } from '@fleetscope/types';
import { toDate, toEvidence } from '../common/verdict.mapper.ts';
import type { Finding, FindingsChange } from './models/finding.model.ts';

/** Domain findings are immutable and kept by unchanged clusters: each is mapped once. */
const views = new WeakMap<FindingData, Finding>();

/** When an open finding was first seen (epoch ms), or null. */
export type FirstSeen = (id: string) => number | null;

const NEVER: FirstSeen = () => null;

export function toFindingView(f: FindingData, firstSeen: FirstSeen = NEVER): Finding {
  let view = views.get(f);
  if (!view) {
    view = {
      id: f.id,
      rule: f.rule,
      scope: f.scope,
      plane: f.plane,
      severity: f.severity,
      status: f.status,
      cluster: f.cluster,
      subjects: f.subjects.map((s) => ({ kind: s.kind, namespace: s.namespace, name: s.name })),
      attributes: Object.keys(f.attributes)
        .sort()
        .map((key) => ({ key, value: f.attributes[key] ?? '' })),
      title: f.title,
      detail: f.detail,
      evidence: f.evidence.map(toEvidence),
      nextSteps: [...f.nextSteps],
      observedAt: toDate(f.observedAt),
      // Fixed for the life of this object: a finding keeps its first sighting while it stays open.
      firstSeenAt: toDate(firstSeen(f.id)),
    };
    views.set(f, view);
  }
  return view;
}

export function toFindingsChange(
  version: number,
  generatedAt: number,
  diff: FindingsDiff,
  firstSeen: FirstSeen = NEVER,
): FindingsChange {
  const view = (f: FindingData): Finding => toFindingView(f, firstSeen);
  return {
    version,
    generatedAt: new Date(generatedAt),
    opened: diff.opened.map(view),
    changed: diff.changed.map(view),
    resolved: diff.resolved.map(view),
  };
}
