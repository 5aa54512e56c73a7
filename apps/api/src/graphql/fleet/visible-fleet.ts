import { summarizeFleet } from '@fleetscope/diagnostics';
import { toPlaneHealth } from '../common/verdict.mapper.ts';
import type { Fleet } from './models/cluster.model.ts';

const restricted = new WeakMap<Fleet, Map<string, Fleet>>();

/**
 * The fleet view as a user who may see only `visible` clusters sees it: those clusters, their scope
 * findings (cross-cluster GLOBAL groups are left out: they name other clusters), and the fleet-wide
 * verdicts and GPU totals recomputed over them, so no aggregate counts a hidden cluster. One object per
 * view and visible set, so repeated reads (and pushes) reuse it.
 */
export function visibleFleet(view: Fleet, visible: ReadonlySet<string>): Fleet {
  const key = [...visible].sort().join('\u0000');
  const byKey = restricted.get(view) ?? new Map<string, Fleet>();
  restricted.set(view, byKey);
  const cached = byKey.get(key);
  if (cached) return cached;
  const sources = view.sources.filter((c) => visible.has(c.name));
  const summary = summarizeFleet(sources, view.generatedAt.getTime(), view.version);
  const result: Fleet = {
    ...view,
    clusters: view.clusters.filter((c) => visible.has(c.name)),
    sources,
    scopeSources: view.scopeSources.filter((f) => visible.has(f.cluster)),
    controlPlane: toPlaneHealth(summary.controlPlane),
    dataPlane: toPlaneHealth(summary.dataPlane),
    gpus: summary.gpus,
  };
  byKey.set(key, result);
  return result;
}
