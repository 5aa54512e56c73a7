import { createFleet, type KubeObject } from '@fleetscope/fleet-sim';

/**
 * Wire-shaped Kubernetes objects for the benchmarks, at any scale. The shapes come from the simulated
 * fleet (real-shaped pods with managedFields, labels, ownerReferences, GPU requests, conditions and
 * containerStatuses; nodes with GPU labels and capacity); this module clones them to N objects with
 * unique names, uids and resourceVersions, spreads pods over the generated nodes, and adds what every
 * real pod carries but the simulator leaves out (the service-account token volume and its mounts, the
 * kubelet's status managedFields entry). Deterministic: the same N gives the same bytes.
 */

/** Items per LIST page, as the API's reflector asks for (`limit=500`). */
export const PAGE_SIZE = 500;

/** Template objects, serialized: cloning by JSON.parse is several times faster than structuredClone. */
export interface Templates {
  podJson: string[];
  nodeJson: string[];
}

/** Nodes for a pod count: one per 30 pods, like a dense GPU cluster (5 000 nodes at 150 000 pods). */
export function nodeCountFor(pods: number): number {
  return Math.max(1, Math.round(pods / 30));
}

/** The demo fleet's pods and nodes of every cluster, as templates to clone. */
export function loadTemplates(): Templates {
  const fleet = createFleet({ seed: 7, size: 'demo' });
  const pods: KubeObject[] = [];
  const nodes: KubeObject[] = [];
  for (const cluster of fleet.clusters) {
    pods.push(...cluster.list('pods'));
    nodes.push(...cluster.list('nodes'));
  }
  if (pods.length === 0 || nodes.length === 0) throw new Error('the demo fleet has no pods or nodes');
  return { podJson: pods.map((p) => JSON.stringify(p)), nodeJson: nodes.map((n) => JSON.stringify(n)) };
}

/** A uid that is unique per (kind tag, index) and shaped like Kubernetes' UUIDv4 uids. */
function uid(tag: number, index: number): string {
  const hex = index.toString(16).padStart(12, '0');
  return `0000000${tag}-b3c4-4d5e-8f60-${hex}`;
}

/** A fresh copy of template `index` (modulo the template count). */
function cloneOf(json: readonly string[], index: number): KubeObject {
  return JSON.parse(json[index % json.length] as string) as KubeObject;
}

function metadataOf(object: KubeObject): Record<string, unknown> {
  return object.metadata as unknown as Record<string, unknown>;
}

/** Name of generated node `index`. */
export function nodeName(index: number): string {
  return `gpu-node-${index.toString().padStart(5, '0')}`;
}

/** Node `index`: a clone of a template with its own name, uid and hostname label. */
export function buildNode(templates: Templates, index: number): KubeObject {
  const node = cloneOf(templates.nodeJson, index);
  const metadata = metadataOf(node);
  const name = nodeName(index);
  metadata.name = name;
  metadata.uid = uid(1, index);
  metadata.resourceVersion = String(1_000 + index);
  const labels = (metadata.labels ?? {}) as Record<string, string>;
  labels['kubernetes.io/hostname'] = name;
  metadata.labels = labels;
  return node;
}

/** Pod `index` of `podCount`, bound (when its template is bound) to one of `nodeCount` generated nodes. */
export function buildPod(templates: Templates, index: number, nodeCount: number): KubeObject {
  const pod = cloneOf(templates.podJson, index);
  const metadata = metadataOf(pod);
  const base =
    typeof metadata.generateName === 'string' ? metadata.generateName : `${String(metadata.name)}-`;
  metadata.name = `${base}${index.toString(36).padStart(5, '0')}`;
  metadata.uid = uid(2, index);
  metadata.resourceVersion = String(100_000 + index);
  const spec = pod.spec as Record<string, unknown>;
  if (typeof spec.nodeName === 'string' && spec.nodeName !== '') spec.nodeName = nodeName(index % nodeCount);
  addTokenVolume(spec, index);
  addKubeletManagedFields(metadata);
  return pod;
}

/** The projected service-account token volume (and its mounts) the API server adds to every pod. */
function addTokenVolume(spec: Record<string, unknown>, index: number): void {
  const volume = `kube-api-access-${index.toString(36).padStart(5, '0')}`;
  const volumes = Array.isArray(spec.volumes) ? spec.volumes : [];
  volumes.push({
    name: volume,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        {
          downwardAPI: {
            items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }],
          },
        },
      ],
    },
  });
  spec.volumes = volumes;
  const containers = Array.isArray(spec.containers) ? spec.containers : [];
  for (const container of containers) {
    if (typeof container !== 'object' || container === null) continue;
    const c = container as Record<string, unknown>;
    const mounts = Array.isArray(c.volumeMounts) ? c.volumeMounts : [];
    mounts.push({ name: volume, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' });
    c.volumeMounts = mounts;
  }
}

/** The kubelet's `status` managedFields entry, present on every running pod of a real cluster. */
function addKubeletManagedFields(metadata: Record<string, unknown>): void {
  const fields = Array.isArray(metadata.managedFields) ? metadata.managedFields : [];
  fields.push({
    manager: 'kubelet',
    operation: 'Update',
    apiVersion: 'v1',
    time: '2026-01-15T07:58:10Z',
    fieldsType: 'FieldsV1',
    fieldsV1: {
      'f:status': {
        'f:conditions': {
          'k:{"type":"ContainersReady"}': { '.': {}, 'f:lastProbeTime': {}, 'f:status': {}, 'f:type': {} },
          'k:{"type":"Initialized"}': { '.': {}, 'f:lastProbeTime': {}, 'f:status': {}, 'f:type': {} },
          'k:{"type":"PodReadyToStartContainers"}': { '.': {}, 'f:status': {}, 'f:type': {} },
          'k:{"type":"Ready"}': { '.': {}, 'f:lastProbeTime': {}, 'f:status': {}, 'f:type': {} },
        },
        'f:containerStatuses': {},
        'f:hostIP': {},
        'f:hostIPs': {},
        'f:phase': {},
        'f:podIP': {},
        'f:podIPs': { '.': {}, 'k:{"ip":"10.244.0.1"}': { '.': {}, 'f:ip': {} } },
        'f:startTime': {},
      },
    },
    subresource: 'status',
  });
  metadata.managedFields = fields;
}

/**
 * One LIST page as the API server sends it (items carry no kind). `continueToken` is empty on the last
 * page.
 */
export function listPage(kind: 'Pod' | 'Node', items: readonly KubeObject[], continueToken: string): string {
  const stripped = items.map(({ kind: _kind, apiVersion: _apiVersion, ...rest }) => rest);
  return JSON.stringify({
    kind: `${kind}List`,
    apiVersion: 'v1',
    metadata: { resourceVersion: '9000000', ...(continueToken ? { continue: continueToken } : {}) },
    items: stripped,
  });
}

/**
 * The pod LIST of `podCount` pods as page bodies of {@link PAGE_SIZE}, built page by page so no more
 * than one page of objects is alive at a time (callers may consume pages lazily).
 */
export function* podListPages(templates: Templates, podCount: number, nodeCount: number): Generator<string> {
  for (let start = 0; start < podCount; start += PAGE_SIZE) {
    const items: KubeObject[] = [];
    const end = Math.min(podCount, start + PAGE_SIZE);
    for (let i = start; i < end; i++) items.push(buildPod(templates, i, nodeCount));
    yield listPage('Pod', items, end < podCount ? `page-${end}` : '');
  }
}

/** The node LIST of `nodeCount` nodes as page bodies. */
export function* nodeListPages(templates: Templates, nodeCount: number): Generator<string> {
  for (let start = 0; start < nodeCount; start += PAGE_SIZE) {
    const items: KubeObject[] = [];
    const end = Math.min(nodeCount, start + PAGE_SIZE);
    for (let i = start; i < end; i++) items.push(buildNode(templates, i));
    yield listPage('Node', items, end < nodeCount ? `page-${end}` : '');
  }
}

/**
 * `count` watch event lines (`{"type":"MODIFIED","object":…}`) as the API server streams them: each
 * changes one existing pod (a container restart, a new resourceVersion), spread over all pods.
 * `round` makes resourceVersions distinct between rounds so every event is a real change.
 */
export function modifiedEventLines(
  templates: Templates,
  podCount: number,
  nodeCount: number,
  count: number,
  round: number,
): string[] {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    // A stride coprime with most N visits pods all over the store, not one hot key.
    const index = (i * 7_919) % podCount;
    const pod = buildPod(templates, index, nodeCount);
    metadataOf(pod).resourceVersion = String(10_000_000 + round * count + i);
    const status = pod.status as Record<string, unknown> | undefined;
    const statuses = Array.isArray(status?.containerStatuses) ? status.containerStatuses : [];
    const first = statuses[0] as Record<string, unknown> | undefined;
    if (first) first.restartCount = (typeof first.restartCount === 'number' ? first.restartCount : 0) + 1;
    lines.push(JSON.stringify({ type: 'MODIFIED', object: pod }));
  }
  return lines;
}

/**
 * The lines of {@link modifiedEventLines} round 0 restamped for another round (distinct
 * resourceVersions, same objects), without rebuilding the objects.
 */
export function restampEventLines(lines: readonly string[], round: number): string[] {
  return lines.map((line, i) => {
    const from = `"resourceVersion":"${10_000_000 + i}"`;
    const to = `"resourceVersion":"${10_000_000 + round * lines.length + i}"`;
    if (!line.includes(from)) throw new Error(`event line ${i} has no resourceVersion to restamp`);
    return line.replace(from, to);
  });
}
