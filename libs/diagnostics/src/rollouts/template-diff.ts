import type { GitOpsTrace, PodTemplateSummary, TemplateContainer } from '@fleetscope/types';
import type { RolloutTrigger, TemplateChange } from './deployment-rollout.ts';

const NONE = '(none)';

function list(values: readonly string[]): string {
  return values.length === 0 ? NONE : values.join(', ');
}

function text(value: string | null): string {
  return value === null || value === '' ? NONE : value;
}

/** "+DATABASE_URL" / "-OLD_FLAG" for env names: what was added and removed. */
function envChange(
  before: readonly string[],
  after: readonly string[],
): { before: string; after: string } | null {
  const added = after.filter((n) => !before.includes(n));
  const removed = before.filter((n) => !after.includes(n));
  if (added.length === 0 && removed.length === 0) return null;
  return {
    before: list(before),
    after: `${list(after)} (${[...added.map((n) => `+${n}`), ...removed.map((n) => `-${n}`)].join(' ')})`,
  };
}

const CONTAINER_FIELDS = ['image', 'readinessProbe', 'livenessProbe', 'startupProbe', 'resources'] as const;

function containerChanges(old: TemplateContainer, next: TemplateContainer): TemplateChange[] {
  const out: TemplateChange[] = [];
  for (const field of CONTAINER_FIELDS) {
    if (old[field] !== next[field]) {
      out.push({ field, container: next.name, before: text(old[field]), after: text(next[field]) });
    }
  }
  const env = envChange(old.envNames, next.envNames);
  if (env !== null) out.push({ field: 'env', container: next.name, ...env });
  return out;
}

/**
 * What changed between two pod templates, in the order a person checks them: containers (added or
 * removed, then per container image, probes, resources and env var names — never values), then the
 * pod's node selector, affinity, tolerations, service account, runtime class and volumes.
 */
export function diffTemplates(old: PodTemplateSummary, next: PodTemplateSummary): TemplateChange[] {
  const out: TemplateChange[] = [];
  const key = (c: TemplateContainer): string => `${c.init ? 'init:' : ''}${c.name}`;
  const oldNames = old.containers.map(key);
  const nextNames = next.containers.map(key);
  if (oldNames.join('\n') !== nextNames.join('\n')) {
    out.push({ field: 'containers', container: null, before: list(oldNames), after: list(nextNames) });
  }
  for (const c of next.containers) {
    const before = old.containers.find((o) => key(o) === key(c));
    if (before !== undefined) out.push(...containerChanges(before, c));
  }
  const pod: [string, string, string][] = [
    ['nodeSelector', list(old.nodeSelector), list(next.nodeSelector)],
    ['affinity', text(old.affinity), text(next.affinity)],
    ['tolerations', list(old.tolerations), list(next.tolerations)],
    ['serviceAccount', text(old.serviceAccount), text(next.serviceAccount)],
    ['runtimeClass', text(old.runtimeClass), text(next.runtimeClass)],
    ['volumes', list(old.volumes), list(next.volumes)],
  ];
  for (const [field, before, after] of pod) {
    if (before !== after) out.push({ field, container: null, before, after });
  }
  return out;
}

/** The trace a GitOps tool left, as a rollout's trigger; null when none. */
export function triggerOf(trace: GitOpsTrace | undefined): RolloutTrigger | null {
  return trace === undefined ? null : { tool: trace.tool, name: trace.name, evidence: trace.evidence };
}
