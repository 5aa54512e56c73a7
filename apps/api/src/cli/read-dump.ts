import { readFile } from 'node:fs/promises';
import {
  type PodDisruptionBudgetRecord,
  projectObject,
  projectPodDisruptionBudget,
  projectResourceClaim,
  projectResourceSlice,
  type ResourceClaimRecord,
  type ResourceSliceRecord,
} from '@fleetscope/diagnostics';
import type { ObjectRecord, RecordKind } from '@fleetscope/types';
import { printable } from './printable.ts';

/** Kinds the analysis reads; anything else in a dump is counted and ignored. */
const KINDS = new Set<RecordKind>([
  'Node',
  'Pod',
  'Deployment',
  'ReplicaSet',
  'Service',
  'EndpointSlice',
  'Event',
  'StatefulSet',
  'DaemonSet',
  // Gateway API (the serving path) and Kueue.
  'Gateway',
  'HTTPRoute',
  'GatewayClass',
  'ReferenceGrant',
  'Workload',
  'ClusterQueue',
  'LocalQueue',
  'ControllerRevision',
  'ClusterPolicy',
  // Claims, classes and quotas: pending-pod and rollout reasons, pvc.unbound and quota.exhausted.
  'PersistentVolumeClaim',
  'StorageClass',
  'RuntimeClass',
  'ResourceQuota',
]);

/** A problem with a whole file: the run stops with exit code 2. */
export class DumpError extends Error {}

export interface DumpContents {
  records: ObjectRecord[];
  /** Items that could not be projected, with the reason, e.g. "nodes.json item 3: Node: metadata.uid missing". */
  rejected: string[];
  /** Kinds present in the dump that the analysis does not read, with counts. */
  ignored: Record<string, number>;
  objects: number;
  /** PodDisruptionBudgets (policy/v1), read for defragmentation moves only. */
  pdbs?: PodDisruptionBudgetRecord[];
  /** resource.k8s.io/v1 ResourceSlices and ResourceClaims, for DRA device counts. */
  resourceSlices?: ResourceSliceRecord[];
  resourceClaims?: ResourceClaimRecord[];
}

/**
 * Reads `kubectl get … -o json` output: a List (kind List or *List) or a single object. Each item must
 * say its kind (kubectl always writes it).
 */
export async function readDump(path: string, into: DumpContents): Promise<void> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new DumpError(
      `${printable(path)}: cannot read file (${(error as NodeJS.ErrnoException).code ?? printable((error as Error).message)})`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // A metrics file given without --metrics is an easy slip; say so rather than only "not JSON".
    const exposition = /^\s*(#\s*(HELP|TYPE)\s|[a-zA-Z_:][a-zA-Z0-9_:]*(\{|\s+[-+0-9.]))/.test(text)
      ? '; this looks like Prometheus metrics: pass it with --metrics'
      : '';
    throw new DumpError(
      `${printable(path)}: not valid JSON (${printable((error as Error).message)}); expected the output of kubectl get … -o json${exposition}`,
    );
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new DumpError(
      `${path}: expected a Kubernetes object or List, got ${Array.isArray(parsed) ? 'an array' : typeof parsed}`,
    );
  }
  const doc = parsed as { kind?: unknown; items?: unknown };
  if (typeof doc.kind !== 'string') throw new DumpError(`${path}: the top-level object has no "kind"`);
  const isList = doc.kind === 'List' || (doc.kind.endsWith('List') && Array.isArray(doc.items));
  if (isList && !Array.isArray(doc.items)) throw new DumpError(`${path}: ${doc.kind} has no "items" array`);
  const listItemKind = doc.kind !== 'List' && isList ? doc.kind.slice(0, -'List'.length) : null;
  const items: unknown[] = isList ? (doc.items as unknown[]) : [doc];
  items.forEach((item, index) => {
    into.objects += 1;
    const where = isList ? `${path} item ${index}` : path;
    const kind = (item as { kind?: unknown } | null)?.kind ?? listItemKind;
    if (typeof kind !== 'string') {
      into.rejected.push(`${where}: no "kind"`);
      return;
    }
    if (kind === 'PodDisruptionBudget') {
      const pdb = projectPodDisruptionBudget(item);
      if (!pdb.ok) into.rejected.push(`${where}: ${pdb.error}`);
      else if (into.pdbs === undefined) into.pdbs = [pdb.record];
      else into.pdbs.push(pdb.record);
      return;
    }
    if (kind === 'ResourceSlice') {
      const slice = projectResourceSlice(item);
      if (!slice.ok) into.rejected.push(`${where}: ${slice.error}`);
      else if (into.resourceSlices === undefined) into.resourceSlices = [slice.record];
      else into.resourceSlices.push(slice.record);
      return;
    }
    if (kind === 'ResourceClaim') {
      const claim = projectResourceClaim(item);
      if (!claim.ok) into.rejected.push(`${where}: ${claim.error}`);
      else if (into.resourceClaims === undefined) into.resourceClaims = [claim.record];
      else into.resourceClaims.push(claim.record);
      return;
    }
    if (!KINDS.has(kind as RecordKind)) {
      into.ignored[kind] = (into.ignored[kind] ?? 0) + 1;
      return;
    }
    const result = projectObject(kind as RecordKind, item);
    if (result.ok) into.records.push(result.record);
    else into.rejected.push(`${where}: ${result.error}`);
  });
}
