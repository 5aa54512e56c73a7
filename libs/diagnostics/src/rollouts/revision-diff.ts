import type { ControllerRevisionRecord, PodRecord } from '@fleetscope/types';
import type { TemplateChange } from './deployment-rollout.ts';
import { diffTemplates } from './template-diff.ts';

/** The label a StatefulSet's and a DaemonSet's pods carry: the ControllerRevision they run. */
const REVISION_LABEL = 'controller-revision-hash';

/**
 * The pods of a StatefulSet or DaemonSet still on one old revision, and what their template differs in
 * from the revision being rolled out.
 */
export interface OldRevisionDiff {
  /** The ControllerRevision's name (a StatefulSet's pods name it whole; a DaemonSet's, its hash). */
  revision: string;
  /** Its `.revision` number; null when the ControllerRevision is not known (deleted, not watched). */
  number: number | null;
  /** Pods of the workload on this revision. */
  pods: number;
  /** Its template against the current one; null when either template is not known. */
  changes: TemplateChange[] | null;
}

/** Whether a pod's controller-revision-hash names this revision (its full name, or its hash). */
function names(revision: ControllerRevisionRecord, label: string): boolean {
  return label === revision.name || (revision.hash !== '' && label === revision.hash);
}

/**
 * Groups the pods that do not run `current` by the revision their controller-revision-hash label names,
 * each with its own template diff against `current` — so pods two revisions behind show what they
 * really run, not what the revision just before the current one changed. Pods without the label are
 * left out (nothing to say about them). Ordered by revision number, oldest first (unknown last).
 */
export function groupOldRevisions(
  current: ControllerRevisionRecord,
  revisions: readonly ControllerRevisionRecord[],
  pods: readonly PodRecord[],
): OldRevisionDiff[] {
  const counts = new Map<string, number>();
  for (const pod of pods) {
    const label = pod.labels[REVISION_LABEL];
    if (label === undefined || label === '' || names(current, label)) continue;
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  const groups: OldRevisionDiff[] = [];
  for (const [label, count] of counts) {
    const revision = revisions.find((r) => names(r, label));
    const changes =
      revision?.template === undefined || current.template === undefined
        ? null
        : diffTemplates(revision.template, current.template);
    groups.push({
      revision: revision?.name ?? label,
      number: revision?.revision ?? null,
      pods: count,
      changes,
    });
  }
  return groups.sort(
    (a, b) =>
      (a.number ?? Number.MAX_SAFE_INTEGER) - (b.number ?? Number.MAX_SAFE_INTEGER) ||
      a.revision.localeCompare(b.revision),
  );
}

/**
 * The template diff to show first: that of the old revision most pods run (the older one on a tie);
 * undefined when no old pod's revision has a known diff.
 */
export function mainOldRevisionDiff(groups: readonly OldRevisionDiff[]): TemplateChange[] | undefined {
  let best: OldRevisionDiff | undefined;
  for (const g of groups) {
    if (g.changes === null) continue;
    if (best === undefined || g.pods > best.pods) best = g;
  }
  return best?.changes ?? undefined;
}

/**
 * One line per old revision, as a person reads it: "3 pods on revision 4: image a→c; 2 pods on
 * revision 5: image b→c". A revision whose diff is unknown says so.
 */
export function describeOldRevisions(groups: readonly OldRevisionDiff[]): string {
  return groups
    .map((g) => {
      const where = `${g.pods} ${g.pods === 1 ? 'pod' : 'pods'} on revision ${g.number ?? g.revision}`;
      if (g.changes === null) return `${where}: template not known`;
      if (g.changes.length === 0) return `${where}: same template`;
      return `${where}: ${g.changes
        .map((c) => `${c.field}${c.container === null ? '' : ` (${c.container})`} ${c.before}→${c.after}`)
        .join(', ')}`;
    })
    .join('; ');
}
