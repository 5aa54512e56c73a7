import type { Evidence, Plane, Scope, Severity } from './health.ts';

/**
 * The status a finding implies for the part or plane it belongs to. null: informational (a cordoned
 * node, a part that is not observable here) — said, but it moves no status.
 */
export type FindingStatus = 'DOWN' | 'DEGRADED' | 'UNKNOWN' | null;

/** An object a finding is about. `namespace` is null for cluster-scoped objects and for non-objects. */
export interface FindingSubject {
  /**
   * A Kubernetes kind (Node, Pod, Deployment, Service, ValidatingWebhookConfiguration, …) or a
   * control-plane part ("ControlPlanePath", "Etcd", "Scheduler", "ControllerQueue", "Watch").
   */
  kind: string;
  namespace: string | null;
  name: string;
}

/**
 * What grouping needs, as flat string pairs: `node`, `pool`, `instanceType`, `zone`, `namespace`,
 * `owner` ("Deployment/ns/name"), `imageRegistry`, `webhook`, `driverVersion`, `part`, `resource`, …
 * Only keys with a known value are present.
 */
export type FindingAttributes = Readonly<Record<string, string>>;

/**
 * One structured diagnosis: the single currency every rule emits, from which part and plane
 * verdicts and their sentences are composed, and which scope triage groups and the history
 * follows over time.
 */
export interface Finding {
  /**
   * Stable across snapshots while the same rule fires for the same subjects in the same cluster:
   * `<cluster>/<rule>/<subject keys>`. Values (a latency, a count) never enter the id.
   */
  id: string;
  /** Machine name of the rule, e.g. `controlplane.write.latency`, `node.not-ready`, `pod.crashloop`. */
  rule: string;
  scope: Scope;
  plane: Plane;
  severity: Severity;
  status: FindingStatus;
  cluster: string;
  subjects: FindingSubject[];
  attributes: FindingAttributes;
  /** Short phrase naming the problem, readable on a wall: "etcd WAL fsync p99 1.3 s (> 1 s)". */
  title: string;
  /** A sentence or two of explanation: why it matters and what it blocks. */
  detail: string;
  evidence: Evidence[];
  /** What a person does next, in order: commands or checks. */
  nextSteps: string[];
  /** Epoch ms of the newest input behind the finding; null when unknown. */
  observedAt: number | null;
}

/** Severity order for filters (INFO < WARNING < CRITICAL). */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { INFO: 0, WARNING: 1, CRITICAL: 2 };

/** Key of one subject inside a finding id: "Kind/namespace/name" or "Kind/name". */
export function subjectKey(subject: FindingSubject): string {
  return subject.namespace === null
    ? `${subject.kind}/${subject.name}`
    : `${subject.kind}/${subject.namespace}/${subject.name}`;
}

/** The stable id of a finding: cluster, rule and its subjects (in the order given). */
export function findingId(cluster: string, rule: string, subjects: readonly FindingSubject[]): string {
  const keys = subjects.map(subjectKey).join(',');
  return keys === '' ? `${cluster}/${rule}` : `${cluster}/${rule}/${keys}`;
}
