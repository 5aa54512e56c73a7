import { arr, at, num, rec, str, stringMap } from '../model/access.ts';
import type { ResourceType } from '../model/resources.ts';
import type { JsonObject, KubeObject } from '../model/types.ts';

/** Whether the Accept header asks for a meta.k8s.io Table (kubectl get's server-side printing). */
export function wantsTable(accept: string | undefined): boolean {
  return accept !== undefined && /as=Table/.test(accept) && /g=meta\.k8s\.io/.test(accept);
}

/** kubectl's human duration (k8s.io/apimachinery/pkg/util/duration.HumanDuration). */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const d = Math.floor(hours / 24) % 365;
    return d === 0 ? `${Math.floor(hours / 24 / 365)}y` : `${Math.floor(hours / 24 / 365)}y${d}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

interface Column {
  name: string;
  type: string;
  format?: string;
  description: string;
  priority: number;
  cell: (o: KubeObject, now: number) => string | number;
}

function age(o: KubeObject, now: number): string {
  const created = Date.parse(o.metadata.creationTimestamp);
  return Number.isNaN(created) ? '<unknown>' : humanDuration(now - created);
}

const nameColumn: Column = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace.',
  priority: 0,
  cell: (o) => o.metadata.name,
};
const ageColumn: Column = {
  name: 'Age',
  type: 'string',
  description: 'CreationTimestamp is a timestamp representing the server time when this object was created.',
  priority: 0,
  cell: age,
};

function col(name: string, cell: Column['cell'], priority = 0, type = 'string'): Column {
  return { name, type, description: name, priority, cell };
}

/**
 * kubectl's STATUS while init containers run (its pod printer): the first init container that has not
 * succeeded decides — `Init:<terminated reason>`, `Init:<waiting reason>` (not PodInitializing) or
 * `Init:<i>/<n>`; undefined once every init container is done.
 */
function initStatus(o: KubeObject): string | undefined {
  const statuses = arr(at(o, 'status', 'initContainerStatuses'));
  const total = arr(at(o, 'spec', 'initContainers')).length || statuses.length;
  for (const [i, s] of statuses.entries()) {
    const terminated = rec(at(s, 'state', 'terminated'));
    if (at(s, 'state', 'terminated') !== undefined && terminated.exitCode === 0) continue;
    if (at(s, 'started') === true && at(s, 'state', 'running') !== undefined) {
      // A running sidecar (restartPolicy Always) does not hold the pod in Init.
      const spec = arr(at(o, 'spec', 'initContainers'))[i];
      if (str(rec(spec).restartPolicy) === 'Always') continue;
    }
    if (at(s, 'state', 'terminated') !== undefined) {
      const reason = str(terminated.reason);
      return reason ? `Init:${reason}` : `Init:ExitCode:${String(terminated.exitCode)}`;
    }
    const waiting = str(at(s, 'state', 'waiting', 'reason'));
    if (waiting && waiting !== 'PodInitializing') return `Init:${waiting}`;
    return `Init:${i}/${total}`;
  }
  return undefined;
}

function podStatus(o: KubeObject): string {
  if (o.metadata.deletionTimestamp) return 'Terminating';
  const init = initStatus(o);
  if (init !== undefined) return init;
  const statuses = arr(at(o, 'status', 'containerStatuses'));
  for (const s of statuses) {
    const waiting = str(at(s, 'state', 'waiting', 'reason'));
    if (waiting) return waiting;
    const terminated = str(at(s, 'state', 'terminated', 'reason'));
    if (terminated) return terminated;
  }
  const phase = str(at(o, 'status', 'phase')) ?? 'Unknown';
  return phase === 'Succeeded' ? 'Completed' : phase;
}

function nodeStatus(o: KubeObject): string {
  const ready = arr(at(o, 'status', 'conditions')).find((c) => str(rec(c).type) === 'Ready');
  const s = str(rec(ready).status);
  const base = s === 'True' ? 'Ready' : s === 'False' ? 'NotReady' : 'Unknown';
  return at(o, 'spec', 'unschedulable') === true ? `${base},SchedulingDisabled` : base;
}

function nodeRoles(o: KubeObject): string {
  const roles = Object.keys(stringMap(o.metadata.labels))
    .filter((k) => k.startsWith('node-role.kubernetes.io/'))
    .map((k) => k.slice('node-role.kubernetes.io/'.length));
  return roles.length > 0 ? roles.join(',') : '<none>';
}

function ports(o: KubeObject): string {
  const list = arr(at(o, 'spec', 'ports')).map(
    (p) => `${num(rec(p).port) ?? ''}/${str(rec(p).protocol) ?? 'TCP'}`,
  );
  return list.length > 0 ? list.join(',') : '<none>';
}

const COLUMNS: Record<string, Column[]> = {
  pods: [
    nameColumn,
    col('Ready', (o) => {
      const statuses = arr(at(o, 'status', 'containerStatuses'));
      const total = arr(at(o, 'spec', 'containers')).length;
      return `${statuses.filter((s) => rec(s).ready === true).length}/${total}`;
    }),
    col('Status', podStatus),
    col(
      'Restarts',
      (o) =>
        arr(at(o, 'status', 'containerStatuses')).reduce<number>(
          (sum, s) => sum + (num(rec(s).restartCount) ?? 0),
          0,
        ),
      0,
      'integer',
    ),
    ageColumn,
    col('IP', (o) => str(at(o, 'status', 'podIP')) ?? '<none>', 1),
    col('Node', (o) => str(at(o, 'spec', 'nodeName')) ?? '<none>', 1),
    col('Nominated Node', (o) => str(at(o, 'status', 'nominatedNodeName')) ?? '<none>', 1),
    col('Readiness Gates', () => '<none>', 1),
  ],
  nodes: [
    nameColumn,
    col('Status', nodeStatus),
    col('Roles', nodeRoles),
    ageColumn,
    col('Version', (o) => str(at(o, 'status', 'nodeInfo', 'kubeletVersion')) ?? ''),
    col(
      'Internal-IP',
      (o) => {
        const a = arr(at(o, 'status', 'addresses')).find((x) => str(rec(x).type) === 'InternalIP');
        return str(rec(a).address) ?? '<none>';
      },
      1,
    ),
    col('External-IP', () => '<none>', 1),
    col('OS-Image', (o) => str(at(o, 'status', 'nodeInfo', 'osImage')) ?? '', 1),
    col('Kernel-Version', (o) => str(at(o, 'status', 'nodeInfo', 'kernelVersion')) ?? '', 1),
    col('Container-Runtime', (o) => str(at(o, 'status', 'nodeInfo', 'containerRuntimeVersion')) ?? '', 1),
  ],
  deployments: [
    nameColumn,
    col(
      'Ready',
      (o) => `${num(at(o, 'status', 'readyReplicas')) ?? 0}/${num(at(o, 'spec', 'replicas')) ?? 1}`,
    ),
    col('Up-to-date', (o) => num(at(o, 'status', 'updatedReplicas')) ?? 0, 0, 'integer'),
    col('Available', (o) => num(at(o, 'status', 'availableReplicas')) ?? 0, 0, 'integer'),
    ageColumn,
  ],
  replicasets: [
    nameColumn,
    col('Desired', (o) => num(at(o, 'spec', 'replicas')) ?? 1, 0, 'integer'),
    col('Current', (o) => num(at(o, 'status', 'replicas')) ?? 0, 0, 'integer'),
    col('Ready', (o) => num(at(o, 'status', 'readyReplicas')) ?? 0, 0, 'integer'),
    ageColumn,
  ],
  services: [
    nameColumn,
    col('Type', (o) => str(at(o, 'spec', 'type')) ?? 'ClusterIP'),
    col('Cluster-IP', (o) => str(at(o, 'spec', 'clusterIP')) ?? '<none>'),
    col('External-IP', () => '<none>'),
    col('Port(s)', ports),
    ageColumn,
    col(
      'Selector',
      (o) => {
        const s = Object.entries(stringMap(at(o, 'spec', 'selector')));
        return s.length > 0 ? s.map(([k, v]) => `${k}=${v}`).join(',') : '<none>';
      },
      1,
    ),
  ],
  endpointslices: [
    nameColumn,
    col('AddressType', (o) => str(o.addressType) ?? ''),
    col(
      'Ports',
      (o) =>
        arr(o.ports)
          .map((p) => String(num(rec(p).port) ?? ''))
          .join(',') || '<unset>',
    ),
    col('Endpoints', (o) => {
      const addresses = arr(o.endpoints).flatMap((e) => arr(rec(e).addresses).map((a) => str(a) ?? ''));
      if (addresses.length === 0) return '<unset>';
      return addresses.length > 3
        ? `${addresses.slice(0, 3).join(',')} + ${addresses.length - 3} more...`
        : addresses.join(',');
    }),
    ageColumn,
  ],
  events: [
    col('Last Seen', (o, now) => {
      const t = Date.parse(str(o.lastTimestamp) ?? str(o.eventTime) ?? o.metadata.creationTimestamp);
      return Number.isNaN(t) ? '<unknown>' : humanDuration(now - t);
    }),
    col('Type', (o) => str(o.type) ?? ''),
    col('Reason', (o) => str(o.reason) ?? ''),
    col(
      'Object',
      (o) =>
        `${(str(at(o, 'involvedObject', 'kind')) ?? '').toLowerCase()}/${str(at(o, 'involvedObject', 'name')) ?? ''}`,
    ),
    col('Message', (o) => str(o.message) ?? ''),
  ],
  namespaces: [nameColumn, col('Status', (o) => str(at(o, 'status', 'phase')) ?? 'Active'), ageColumn],
  configmaps: [nameColumn, col('Data', (o) => Object.keys(rec(o.data)).length, 0, 'integer'), ageColumn],
};

function partialMetadata(o: KubeObject): JsonObject {
  const { managedFields: _dropped, ...metadata } = o.metadata;
  return {
    kind: 'PartialObjectMetadata',
    apiVersion: 'meta.k8s.io/v1',
    metadata: JSON.parse(JSON.stringify(metadata)),
  };
}

/**
 * A meta.k8s.io/v1 Table for `objects`, with rows carrying PartialObjectMetadata (or the full object when
 * includeObject=Object), as kube-apiserver's server-side printing does.
 */
export function toTable(
  type: ResourceType,
  objects: readonly KubeObject[],
  listMeta: JsonObject,
  includeObject: string | null,
  now: number,
  withHeaders = true,
): JsonObject {
  const columns = COLUMNS[type.name] ?? [nameColumn, ageColumn];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: withHeaders
      ? columns.map((c) => ({
          name: c.name,
          type: c.type,
          format: c.format ?? '',
          description: c.description,
          priority: c.priority,
        }))
      : [],
    rows: objects.map((o) => ({
      cells: columns.map((c) => c.cell(o, now)),
      object:
        includeObject === 'None'
          ? null
          : includeObject === 'Object'
            ? (JSON.parse(JSON.stringify(o)) as JsonObject)
            : partialMetadata(o),
    })),
  };
}
