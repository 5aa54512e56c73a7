/**
 * Contract test: the real @kubernetes/client-node (the API's client) against the simulated API server.
 */
import { CoreV1Api, KubeConfig, makeInformer, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.ts';
import { createFleet, type SimFleet } from '../src/fleet.ts';
import { kubeconfigYaml } from '../src/kubeconfig.ts';
import type { SimCluster } from '../src/model/cluster.ts';
import type { KubeObject } from '../src/model/types.ts';
import { type SimServer, startSimServer } from '../src/server/http.ts';
import { type FleetServers, startFleetServers } from '../src/servers.ts';
import { rawWatch, waitFor } from './helpers.ts';

let fleet: SimFleet;
let running: FleetServers;
let server: SimServer;
let cluster: SimCluster;
let kc: KubeConfig;
let api: CoreV1Api;

beforeAll(async () => {
  fleet = createFleet({ size: 'small', clock: new ManualClock() });
  running = await startFleetServers(fleet, { bookmarkFrequencyMs: 50 });
  server = running.server('prod-us-east');
  cluster = server.cluster;
  kc = new KubeConfig();
  kc.loadFromString(kubeconfigYaml(running.servers));
  kc.setCurrentContext('prod-us-east');
  api = kc.makeApiClient(CoreV1Api);
});

afterAll(async () => {
  await running.close();
});

function newPod(name: string, labels: Record<string, string> = { app: 'contract' }): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: '', resourceVersion: '', creationTimestamp: '', labels },
    spec: { containers: [{ name: 'c', image: 'busybox:1.37' }] },
    status: { phase: 'Pending' },
  };
}

function clientPod(name: string): V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: 'contract' } },
    spec: { containers: [{ name: 'c', image: 'busybox:1.37' }] },
  };
}

function podInformer(labelSelector?: string) {
  const informer = makeInformer<V1Pod>(
    kc,
    '/api/v1/pods',
    () => api.listPodForAllNamespaces(labelSelector ? { labelSelector } : {}),
    labelSelector,
  );
  const events: string[] = [];
  let connects = 0;
  const errors: unknown[] = [];
  informer.on('add', (p) => events.push(`add:${p.metadata?.name}`));
  informer.on('update', (p) => events.push(`update:${p.metadata?.name}`));
  informer.on('delete', (p) => events.push(`delete:${p.metadata?.name}`));
  informer.on('connect', () => connects++);
  informer.on('error', (e) => errors.push(e));
  return { informer, events, errors, connects: () => connects };
}

describe('discovery and errors', () => {
  it('serves version, health and discovery documents', async () => {
    const version = (await (await fetch(`${server.url}/version`)).json()) as Record<string, string>;
    expect(version.gitVersion).toBe('v1.35.2');
    expect(await (await fetch(`${server.url}/healthz`)).text()).toBe('ok');
    const apis = (await (await fetch(`${server.url}/apis`)).json()) as {
      kind: string;
      groups: { name: string }[];
    };
    expect(apis.kind).toBe('APIGroupList');
    // policy/v1 (PodDisruptionBudgets), storage.k8s.io (StorageClasses) and node.k8s.io (RuntimeClasses)
    // everywhere; nvidia.com (the GPU Operator's ClusterPolicy) where the cluster has GPU pools, as this
    // one does.
    expect(apis.groups.map((g) => g.name)).toEqual([
      'apps',
      'authentication.k8s.io',
      'authorization.k8s.io',
      'coordination.k8s.io',
      'discovery.k8s.io',
      'storage.k8s.io',
      'node.k8s.io',
      'policy',
      'nvidia.com',
    ]);
    const core = (await (await fetch(`${server.url}/api/v1`)).json()) as {
      resources: { name: string; kind: string; namespaced: boolean; verbs: string[] }[];
    };
    expect(core.resources.find((r) => r.name === 'pods')).toMatchObject({ kind: 'Pod', namespaced: true });
    expect(core.resources.find((r) => r.name === 'nodes')).toMatchObject({ kind: 'Node', namespaced: false });
    const aggregated = await fetch(`${server.url}/api`, {
      headers: {
        accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json',
      },
    });
    expect(aggregated.headers.get('content-type')).toBe('application/json');
    expect(((await aggregated.json()) as { kind: string }).kind).toBe('APIVersions');
  });

  it('answers unknown paths and missing objects with real-shaped Status objects', async () => {
    const unknown = await fetch(`${server.url}/api/v1/widgets`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the server could not find the requested resource',
      reason: 'NotFound',
      details: {},
      code: 404,
    });
    const missing = await fetch(`${server.url}/apis/apps/v1/namespaces/default/deployments/nope`);
    expect(await missing.json()).toMatchObject({
      message: 'deployments.apps "nope" not found',
      reason: 'NotFound',
      code: 404,
    });
    await expect(api.readNamespacedPod({ name: 'x', namespace: 'default' })).rejects.toMatchObject({
      code: 404,
    });
    const badSelector = await fetch(`${server.url}/api/v1/pods?fieldSelector=spec.containers%3Dx`);
    expect(badSelector.status).toBe(400);
  });
});

describe('list', () => {
  it('returns items without kind/apiVersion, and a list resourceVersion', async () => {
    const body = (await (await fetch(`${server.url}/api/v1/pods`)).json()) as {
      kind: string;
      apiVersion: string;
      metadata: { resourceVersion: string };
      items: Record<string, unknown>[];
    };
    expect(body.kind).toBe('PodList');
    expect(body.apiVersion).toBe('v1');
    expect(body.metadata.resourceVersion).toBe(cluster.resourceVersion());
    expect(body.items.length).toBe(cluster.list('pods').length);
    expect(body.items.every((i) => !('kind' in i) && !('apiVersion' in i))).toBe(true);
    expect(body.items[0]).toHaveProperty('metadata.managedFields');
  });

  it('pages with limit + continue over one snapshot, every item exactly once', async () => {
    const expected = cluster.list('pods').map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    let listRv: string | undefined;
    do {
      const page = await api.listPodForAllNamespaces({ limit: 4, ...(token ? { _continue: token } : {}) });
      pages++;
      listRv ??= page.metadata?.resourceVersion;
      expect(page.metadata?.resourceVersion).toBe(listRv);
      for (const p of page.items) seen.push(`${p.metadata?.namespace}/${p.metadata?.name}`);
      token = page.metadata?._continue;
      if (pages === 1) {
        expect(page.metadata?.remainingItemCount).toBe(expected.length - 4);
        // A write between pages must not leak into this paged list.
        cluster.upsert(newPod('aaa-during-paging'));
      }
    } while (token);
    expect(pages).toBe(Math.ceil(expected.length / 4));
    expect(seen).toEqual(expected);
    cluster.deletePod('default', 'aaa-during-paging');
  });

  it('answers 410 Expired for a continue token older than the compaction point', async () => {
    const first = await api.listPodForAllNamespaces({ limit: 2 });
    const token = first.metadata?._continue ?? '';
    cluster.upsert(newPod('compaction-marker'));
    cluster.compact();
    const res = await fetch(`${server.url}/api/v1/pods?limit=2&continue=${encodeURIComponent(token)}`);
    expect(res.status).toBe(410);
    expect(await res.json()).toMatchObject({ kind: 'Status', reason: 'Expired', code: 410 });
    await expect(api.listPodForAllNamespaces({ limit: 2, _continue: token })).rejects.toMatchObject({
      code: 410,
    });
    cluster.deletePod('default', 'compaction-marker');
  });

  it('filters by label and field selectors', async () => {
    const pretrain = await api.listPodForAllNamespaces({ labelSelector: 'app=llm-pretrain' });
    expect(pretrain.items.map((p) => p.metadata?.labels?.app)).toEqual(['llm-pretrain']);
    const notTraining = await api.listPodForAllNamespaces({
      labelSelector: 'app.kubernetes.io/component notin (training)',
    });
    expect(
      notTraining.items.every((p) => p.metadata?.labels?.['app.kubernetes.io/component'] !== 'training'),
    ).toBe(true);
    expect(notTraining.items.length).toBeGreaterThan(0);
    const pending = await api.listPodForAllNamespaces({ fieldSelector: 'status.phase=Pending' });
    expect(pending.items.map((p) => p.metadata?.name?.replace(/-[a-z0-9]+-[a-z0-9]+$/, '')).sort()).toEqual([
      'llm-sweep-4gpu',
      'nccl-allreduce-check',
    ]);
    const node = pretrain.items[0]?.spec?.nodeName ?? '';
    const onNode = await api.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${node}` });
    expect(onNode.items.length).toBeGreaterThan(0);
    expect(onNode.items.every((p) => p.spec?.nodeName === node)).toBe(true);
    const inNs = await api.listNamespacedPod({
      namespace: 'ml-training',
      fieldSelector: 'metadata.namespace!=ml-training',
    });
    expect(inNs.items).toEqual([]);
  });
});

describe('watch', () => {
  // kube-apiserver's watch cache: a due bookmark carries the newest resourceVersion the cache processed
  // for the resource, and only goes out when that is newer than what the watcher has seen.
  it('sends no bookmark on a quiet resource, and ends the stream cleanly at its deadline', async () => {
    const rv = cluster.resourceVersion();
    const quiet = await rawWatch(
      `${server.url}/apis/apps/v1/deployments?watch=1&allowWatchBookmarks=true&resourceVersion=${rv}&timeoutSeconds=1`,
      () => false,
    );
    expect(quiet.ended).toBe(true);
    expect(quiet.lines).toEqual([]);
  });

  it('bookmarks a filtered watcher with changes it does not see, at the resource’s newest resourceVersion', async () => {
    const rv = cluster.resourceVersion();
    const elsewhere = newPod('bookmark-elsewhere');
    elsewhere.metadata.namespace = 'kube-system';
    setTimeout(() => cluster.upsert(elsewhere), 100);
    const { lines } = await rawWatch(
      `${server.url}/api/v1/namespaces/default/pods?watch=1&allowWatchBookmarks=true&resourceVersion=${rv}`,
      (l) => l.some((x) => x.type === 'BOOKMARK'),
    );
    const changed = cluster.store.lastChangeRv('pods');
    expect(lines).toEqual([
      {
        type: 'BOOKMARK',
        object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: String(changed) } },
      },
    ]);
    cluster.deletePod('kube-system', 'bookmark-elsewhere');
  });

  it('bookmarks a quiet resource once an etcd progress notification moved the watch cache on', async () => {
    const notifying = await startSimServer(cluster, {
      bookmarkFrequencyMs: 50,
      progressNotifyIntervalMs: 100,
    });
    try {
      const rv = cluster.resourceVersion();
      setTimeout(() => cluster.upsert(newPod('progress-elsewhere')), 20);
      const { lines } = await rawWatch(
        `${notifying.url}/apis/apps/v1/deployments?watch=1&allowWatchBookmarks=true&resourceVersion=${rv}`,
        (l) => l.some((x) => x.type === 'BOOKMARK'),
      );
      // The deployment cache learns etcd's revision (moved on by a pod write) from the notification.
      expect(Number(lines[0]?.object.metadata?.resourceVersion)).toBeGreaterThan(Number(rv));
      expect(lines.map((l) => l.type)).toEqual(['BOOKMARK']);
    } finally {
      await notifying.close();
      cluster.deletePod('default', 'progress-elsewhere');
    }
  });

  it('wedge-watch: open and new streams deliver nothing and overrun their deadline; LIST stays current', async () => {
    const rv = cluster.resourceVersion();
    server.faults.set('pods', { kind: 'wedge-watch' });
    try {
      setTimeout(() => cluster.upsert(newPod('wedged-1')), 100);
      const wedged = await rawWatch(
        `${server.url}/api/v1/pods?watch=1&allowWatchBookmarks=true&resourceVersion=${rv}&timeoutSeconds=1`,
        () => false,
        2_500,
      );
      expect(wedged).toMatchObject({ status: 200, lines: [], ended: false });
      const listed = (await (await fetch(`${server.url}/api/v1/namespaces/default/pods`)).json()) as {
        items: KubeObject[];
      };
      expect(listed.items.some((p) => p.metadata.name === 'wedged-1')).toBe(true);
    } finally {
      server.faults.clear('pods');
    }
    const recovered = await rawWatch(`${server.url}/api/v1/pods?watch=1&resourceVersion=${rv}`, (l) =>
      l.some((x) => x.object.metadata?.name === 'wedged-1'),
    );
    expect(recovered.lines.map((l) => `${l.type}:${l.object.metadata?.name}`)).toContain('ADDED:wedged-1');
    cluster.deletePod('default', 'wedged-1');
  });

  it('wedge-watch with closeAtDeadline: nothing delivered, but the stream still ends on time', async () => {
    const rv = cluster.resourceVersion();
    server.faults.set('pods', { kind: 'wedge-watch', closeAtDeadline: true });
    try {
      setTimeout(() => cluster.upsert(newPod('wedged-2')), 100);
      const wedged = await rawWatch(
        `${server.url}/api/v1/pods?watch=1&resourceVersion=${rv}&timeoutSeconds=1`,
        () => false,
      );
      expect(wedged).toMatchObject({ status: 200, lines: [], ended: true });
    } finally {
      server.faults.clear('pods');
      cluster.deletePod('default', 'wedged-2');
    }
  });

  it('replays history after a resourceVersion, with kind and apiVersion on objects', async () => {
    const rv = cluster.resourceVersion();
    cluster.upsert(newPod('replayed'));
    cluster.deletePod('default', 'replayed');
    const { lines } = await rawWatch(
      `${server.url}/api/v1/namespaces/default/pods?watch=true&resourceVersion=${rv}`,
      (l) => l.length >= 2,
    );
    expect(
      lines.map((l) => `${l.type}:${l.object.kind}:${l.object.apiVersion}:${l.object.metadata?.name}`),
    ).toEqual(['ADDED:Pod:v1:replayed', 'DELETED:Pod:v1:replayed']);
  });

  it('starts with synthetic ADDED events when no resourceVersion is given', async () => {
    const expected = cluster.list('nodes').length;
    const { lines } = await rawWatch(`${server.url}/api/v1/nodes?watch=1`, (l) => l.length >= expected);
    expect(lines.every((l) => l.type === 'ADDED' && l.object.kind === 'Node')).toBe(true);
    expect(lines).toHaveLength(expected);
  });

  it('reports a compacted resourceVersion in-stream (default) or as HTTP 410', async () => {
    const old = cluster.resourceVersion();
    cluster.upsert(newPod('gone-marker'));
    cluster.compact();
    const stream = await rawWatch(`${server.url}/api/v1/pods?watch=1&resourceVersion=${old}`, () => false);
    expect(stream.status).toBe(200);
    expect(stream.ended).toBe(true);
    expect(stream.lines).toHaveLength(1);
    expect(stream.lines[0]).toEqual({
      type: 'ERROR',
      object: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: `too old resource version: ${old} (${Number(cluster.resourceVersion()) + 1})`,
        reason: 'Expired',
        code: 410,
      },
    });
    server.faults.expiredWatchForm = 'http';
    const http = await rawWatch(`${server.url}/api/v1/pods?watch=1&resourceVersion=${old}`, () => false);
    server.faults.expiredWatchForm = 'stream';
    expect(http.status).toBe(410);
    expect(http.body).toMatchObject({ kind: 'Status', reason: 'Expired', code: 410 });
    cluster.deletePod('default', 'gone-marker');
  });

  it('closes the stream after timeoutSeconds', async () => {
    const result = await rawWatch(
      `${server.url}/api/v1/nodes?watch=1&resourceVersion=${cluster.resourceVersion()}&timeoutSeconds=1`,
      () => false,
    );
    expect(result.ended).toBe(true);
  });
});

describe('informer (@kubernetes/client-node)', () => {
  it('lists then watches every pod, and reports add/update/delete for mutations', async () => {
    const { informer, events } = podInformer();
    await informer.start();
    const expected = cluster.list('pods').length;
    await waitFor(() => informer.list().length === expected, 'initial sync');
    await waitFor(() => server.openWatches('pods') > 0, 'watch open');
    events.length = 0;
    cluster.upsert(newPod('informer-a'));
    cluster.update('pods', 'default', 'informer-a', (p) => {
      p.metadata.labels = { app: 'contract', changed: 'yes' };
    });
    cluster.deletePod('default', 'informer-a');
    await waitFor(() => events.length >= 3, 'three events');
    expect(events).toEqual(['add:informer-a', 'update:informer-a', 'delete:informer-a']);
    await informer.stop();
  });

  it('relists after a 410 (in-stream and HTTP) and reports objects deleted while it was away', async () => {
    for (const form of ['stream', 'http'] as const) {
      const victim = `victim-${form}`;
      cluster.upsert(newPod(victim));
      const { informer, events } = podInformer();
      await informer.start();
      await waitFor(() => informer.get(victim, 'default') !== undefined, 'victim synced');
      await waitFor(() => server.openWatches('pods') > 0, 'watch open');
      server.faults.expiredWatchForm = form;
      const lists = server.requests.count('pods', 'list');
      // End the stream; the deletion happens while the informer is away, then history is compacted past it.
      server.faults.set('pods', { kind: 'drop-watch', mode: 'end' });
      cluster.deletePod('default', victim);
      cluster.compact();
      await waitFor(() => events.includes(`delete:${victim}`), `relist after ${form} 410`);
      expect(server.requests.count('pods', 'list')).toBeGreaterThan(lists);
      expect(informer.list().length).toBe(cluster.list('pods').length);
      await informer.stop();
    }
    server.faults.expiredWatchForm = 'stream';
  });

  it('converges after the gone fault forces a 410 on the next watch', async () => {
    const { informer, events } = podInformer();
    await informer.start();
    await waitFor(() => server.openWatches('pods') > 0, 'watch open');
    const lists = server.requests.count('pods', 'list');
    server.faults.set('pods', { kind: 'gone' });
    await waitFor(() => server.requests.count('pods', 'list') > lists, 'relist');
    cluster.upsert(newPod('after-gone'));
    await waitFor(() => events.includes('add:after-gone'), 'add after relist');
    await informer.stop();
    cluster.deletePod('default', 'after-gone');
  });

  it('watches with a label selector: objects entering and leaving the selection', async () => {
    const { informer, events } = podInformer('app=selected');
    await informer.start();
    await waitFor(() => server.openWatches('pods') > 0, 'watch open');
    cluster.upsert(newPod('sel', { app: 'other' }));
    cluster.update('pods', 'default', 'sel', (p) => {
      p.metadata.labels = { app: 'selected' };
    });
    cluster.update('pods', 'default', 'sel', (p) => {
      p.metadata.labels = { app: 'other' };
    });
    await waitFor(() => events.length >= 2, 'enter and leave');
    expect(events).toEqual(['add:sel', 'delete:sel']);
    await informer.stop();
    cluster.deletePod('default', 'sel');
  });

  it('surfaces injected 500s and 403s as informer errors', async () => {
    server.faults.set('pods', { kind: 'http-error', status: 500, times: 1 });
    const first = podInformer();
    await first.informer.start();
    await waitFor(() => first.errors.length > 0, 'error from 500');
    await first.informer.stop();

    server.faults.set('pods', { kind: 'forbidden' });
    const res = await fetch(`${server.url}/api/v1/pods`);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { message: string }).message).toBe(
      'pods is forbidden: User "system:serviceaccount:fleetscope:fleetscope" cannot list resource "pods" in API group "" at the cluster scope',
    );
    const nsRes = await fetch(`${server.url}/api/v1/namespaces/ml-training/pods?watch=1`);
    expect(((await nsRes.json()) as { message: string }).message).toContain(
      'cannot watch resource "pods" in API group "" in the namespace "ml-training"',
    );
    server.faults.clear('pods');
    expect((await fetch(`${server.url}/api/v1/pods`)).status).toBe(200);
  });

  it('drops watches abruptly on drop-watch (the informer reports the error)', async () => {
    const { informer, errors } = podInformer();
    await informer.start();
    await waitFor(() => server.openWatches('pods') > 0, 'watch open');
    server.faults.set('pods', { kind: 'drop-watch' });
    await waitFor(() => errors.length > 0 || server.openWatches('pods') > 0, 'error or reconnect');
    expect(server.requests.count('pods', 'watch')).toBeGreaterThan(0);
    await informer.stop();
  });
});

describe('writes', () => {
  it('creates, patches and deletes through the API; dryRun=All does not persist', async () => {
    const body = JSON.stringify(newPod('written'));
    const dry = await fetch(`${server.url}/api/v1/namespaces/default/pods?dryRun=All`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    });
    expect(dry.status).toBe(201);
    expect(((await dry.json()) as KubeObject).metadata.uid).not.toBe('');
    expect(cluster.get('pods', 'default', 'written')).toBeUndefined();

    const created = await api.createNamespacedPod({ namespace: 'default', body: clientPod('written') });
    expect(created.metadata?.resourceVersion).toBe(cluster.resourceVersion());
    await expect(
      api.createNamespacedPod({ namespace: 'default', body: clientPod('written') }),
    ).rejects.toMatchObject({ code: 409 });

    const patched = await fetch(`${server.url}/api/v1/namespaces/default/pods/written`, {
      method: 'PATCH',
      body: JSON.stringify({ metadata: { labels: { patched: 'true' } } }),
      headers: { 'content-type': 'application/merge-patch+json' },
    });
    expect(patched.status).toBe(200);
    expect(cluster.get('pods', 'default', 'written')?.metadata.labels).toEqual({
      app: 'contract',
      patched: 'true',
    });

    const invalid = await fetch(`${server.url}/api/v1/namespaces/default/pods?dryRun=All`, {
      method: 'POST',
      body: JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'Bad_Name' },
        spec: { containers: [] },
      }),
      headers: { 'content-type': 'application/json' },
    });
    expect(invalid.status).toBe(422);
    expect(await invalid.json()).toMatchObject({ reason: 'Invalid', code: 422 });

    await api.deleteNamespacedPod({ name: 'written', namespace: 'default' });
    expect(cluster.get('pods', 'default', 'written')).toBeUndefined();
    expect(server.requests.count('pods', 'create')).toBeGreaterThanOrEqual(3);
  });
});

describe('Leases (coordination.k8s.io/v1)', () => {
  const lease = (name: string, renewTime: string) =>
    JSON.stringify({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name },
      spec: { holderIdentity: 'r1', leaseDurationSeconds: 15, renewTime },
    });
  const post = (body: string) =>
    fetch(`${server.url}/apis/coordination.k8s.io/v1/namespaces/default/leases`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    });

  it("refuses a MicroTime with three fractional digits (Date#toISOString) as the real server's decoder does", async () => {
    const refused = await post(lease('three-digits', '2026-11-30T04:18:10.123Z'));
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      reason: 'BadRequest',
      message:
        'Lease in version "v1" cannot be handled as a Lease: parsing time "2026-11-30T04:18:10.123Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse ".123Z" as ".000000"',
    });
    const stored = await post(lease('six-digits', '2026-11-30T04:18:10.123000Z'));
    expect(stored.status).toBe(201);
  });
});
