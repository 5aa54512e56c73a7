import type { FindingsDiff } from '@fleetscope/diagnostics';
import type { Finding as FindingData } from '@fleetscope/types';
import { toDate, toEvidence } from '../common/verdict.mapper.ts';
import type { Finding, FindingsChange } from './models/finding.model.ts';

/** Domain findings are immutable and kept by unchanged clusters: each is mapped once. */
const views = new WeakMap<FindingData, Finding>();

export function toFindingView(f: FindingData): Finding {
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
    };
    views.set(f, view);
  }
  return view;
}

export function toFindingsChange(version: number, generatedAt: number, diff: FindingsDiff): FindingsChange {
  return {
    version,
    generatedAt: new Date(generatedAt),
    opened: diff.opened.map(toFindingView),
    changed: diff.changed.map(toFindingView),
    resolved: diff.resolved.map(toFindingView),
  };
}
