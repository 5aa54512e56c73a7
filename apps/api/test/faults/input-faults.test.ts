import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createFleet, type FleetServers, ManualClock, startFleetServers } from '@fleetscope/fleet-sim';
import type { ResourceFreshness } from '@fleetscope/types';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientNodeKubeApi } from '../../src/sources/kubernetes/kube-api.ts';
import { Reflector } from '../../src/sources/kubernetes/reflector.ts';
import { ObjectStore } from '../../src/stores/object-store.ts';
import { fleetscope, inputFolder } from '../support/cli.ts';
import { eventually } from '../support/harness.ts';

// The input half of the fault matrix: hostile or broken objects through LIST and WATCH (the
// production Reflector against the simulator), and broken exposition text into the CLI.

const CLUSTER = 'prod-us-east';
let sim: FleetServers;
let fleet: ReturnType<typeof createFleet>;
let kc: KubeConfig;

beforeAll(async () => {
  fleet = createFleet({ seed: 13, size: 'small', clock: new ManualClock() });
  sim = await startFleetServers(fleet, { kubeconfig: true });
  kc = new KubeConfig();
  kc.loadFromFile(sim.kubeconfigPath ?? '');
  kc.setCurrentContext(CLUSTER);
});
afterAll(async () => {
  await sim?.close();
});

type Pod = ReturnType<ReturnType<typeof fleet.cluster>['list']>[number];

/** A copy of a real pod of the fleet under a new name, changed by `edit`. */
function podLike(name: string, edit: (pod: Pod) => void): Pod {
  const template = fleet.cluster(CLUSTER).list('pods')[0] as Pod;
  const pod = structuredClone(template);
  pod.metadata.name = name;
  delete (pod.metadata as { uid?: string }).uid;
  edit(pod);
  return pod;
}

const MB = 1024 * 1024;

function hugeAnnotation(pod: Pod): void {
  pod.metadata.annotations = { 'example.com/blob': 'x'.repeat(1.5 * MB) };
}
function hugeLabels(pod: Pod): void {
  // 4,000 labels, each within Kubernetes' limits (63-character names and values): 0.5 MB of labels.
  const labels: Record<string, string> = { ...(pod.metadata.labels ?? {}) };
  for (let i = 0; i < 4_000; i++) labels[`example.com/l${String(i).padStart(60, '0')}`] = 'v'.repeat(63);
  pod.metadata.labels = labels;
}
function malformed(pod: Pod): void {
  (pod as unknown as { spec: unknown }).spec = 'not an object';
}

function podsReflector(): {
  reflector: Reflector;
  store: ObjectStore;
  warnings: Array<{ message: string; fields?: Record<string, unknown> }>;
  latest(): ResourceFreshness;
} {
  const store = new ObjectStore();
  const warnings: Array<{ message: string; fields?: Record<string, unknown> }> = [];
  let latest: ResourceFreshness | undefined;
  const reflector = new Reflector({
    cluster: CLUSTER,
    resource: 'pods',
    api: new ClientNodeKubeApi(kc, 30_000),
    sink: store,
    clock: { now: () => Date.now() },
    logger: { warn: (message, fields) => warnings.push({ message, fields }), info: () => {} },
    staleAfterMs: 60_000,
    onFreshness: (f) => {
      latest = f;
    },
  });
  latest = reflector.freshness;
  reflector.start();
  return { reflector, store, warnings, latest: () => latest as ResourceFreshness };
}

const recordBytes = (store: ObjectStore, key: string): number =>
  JSON.stringify(store.get('Pod', `${key}`) ?? null).length;

describe('hostile objects through LIST and WATCH', () => {
  it('projects 1.5 MB objects and huge labels compactly, rejects a malformed one with its reason, and the watch goes on', async () => {
    const cluster = fleet.cluster(CLUSTER);
    const ns = (cluster.list('pods')[0] as Pod).metadata.namespace ?? 'default';
    const w = podsReflector();
    try {
      await eventually(async () => expect(w.latest().state).toBe('SYNCED'));
      const rejectedBefore = w.reflector.rejected;

      // Through WATCH.
      cluster.store.create('pods', podLike('huge-annotation-w', hugeAnnotation));
      cluster.store.create('pods', podLike('huge-labels-w', hugeLabels));
      cluster.store.create('pods', podLike('malformed-w', malformed));
      cluster.store.create(
        'pods',
        podLike('after-w', () => {}),
      );
      await eventually(async () => {
        expect(w.store.has('Pod', `${ns}/after-w`)).toBe(true);
        expect(w.store.has('Pod', `${ns}/huge-annotation-w`)).toBe(true);
        expect(w.store.has('Pod', `${ns}/huge-labels-w`)).toBe(true);
      });
      expect(w.store.has('Pod', `${ns}/malformed-w`)).toBe(false);
      expect(w.reflector.rejected).toBe(rejectedBefore + 1);
      const reason = w.warnings.find((x) => x.message === 'rejected malformed object');
      expect(String(reason?.fields?.reason)).toMatch(/spec/);
      expect(w.latest().state).toBe('SYNCED');
      expect(w.latest().restarts).toBe(0);
      // The 1.5 MB annotation is not retained: the record is the projection only.
      expect(recordBytes(w.store, `${ns}/huge-annotation-w`)).toBeLessThan(16 * 1024);
      // Labels are kept (selectors and pools need them) but nothing else grows with the object.
      expect(recordBytes(w.store, `${ns}/huge-labels-w`)).toBeLessThan(
        JSON.stringify(podLike('x', hugeLabels).metadata.labels).length + 16 * 1024,
      );

      // Through LIST: a relist meets the same objects page by page.
      cluster.store.create('pods', podLike('huge-annotation-l', hugeAnnotation));
      cluster.store.create('pods', podLike('malformed-l', malformed));
      const relists = w.latest().relists;
      sim.server(CLUSTER).faults.set('pods', { kind: 'gone' });
      await eventually(async () => {
        expect(w.latest().relists).toBeGreaterThan(relists);
        expect(w.latest().state).toBe('SYNCED');
        expect(w.store.has('Pod', `${ns}/huge-annotation-l`)).toBe(true);
      });
      expect(w.store.has('Pod', `${ns}/malformed-l`)).toBe(false);
      // Every pod the server has is held, except the two malformed ones (counted, not lost silently).
      expect(w.store.count('Pod')).toBe(cluster.list('pods').length - 2);
      expect(recordBytes(w.store, `${ns}/huge-annotation-l`)).toBeLessThan(16 * 1024);
      expect(
        w.warnings.filter((x) => x.message === 'rejected malformed object').length,
      ).toBeGreaterThanOrEqual(3);
    } finally {
      await w.reflector.stop();
    }
  }, 60_000);
});

describe('a watch event past the line limit', () => {
  it('ends the stream as corrupt instead of buffering it, says so, and relists', async () => {
    const cluster = fleet.cluster(CLUSTER);
    const ns = (cluster.list('pods')[0] as Pod).metadata.namespace ?? 'default';
    const w = podsReflector();
    try {
      await eventually(async () => expect(w.latest().state).toBe('SYNCED'));
      const relists = w.latest().relists;
      // Beyond anything etcd stores by default (1.5 MiB): 9 MiB in one event line.
      cluster.store.create(
        'pods',
        podLike('oversized', (pod) => {
          pod.metadata.annotations = { 'example.com/blob': 'x'.repeat(9 * MB) };
        }),
      );
      await eventually(async () =>
        expect(w.latest().lastError).toMatch(
          /^WATCH \/api\/v1\/pods: corrupt stream, an event line longer than 8 MiB; relisting/,
        ),
      );
      // The LIST serves it whole; the projection keeps none of the blob, and the watch goes on.
      await eventually(async () => {
        expect(w.latest().relists).toBeGreaterThan(relists);
        expect(w.latest().state).toBe('SYNCED');
        expect(w.store.has('Pod', `${ns}/oversized`)).toBe(true);
      }, 20_000);
      expect(recordBytes(w.store, `${ns}/oversized`)).toBeLessThan(16 * 1024);
      cluster.store.create(
        'pods',
        podLike('after-oversized', () => {}),
      );
      await eventually(async () => expect(w.store.has('Pod', `${ns}/after-oversized`)).toBe(true));
    } finally {
      await w.reflector.stop();
    }
  }, 60_000);
});

describe('malformed exposition into `fleetscope analyze --metrics`', () => {
  const { dir, file } = inputFolder('fleetscope-input-faults-');
  const cases: Array<{ name: string; path: () => string }> = [
    { name: 'one 5 MB line of garbage', path: () => file('long-line.prom', 'x'.repeat(5 * MB)) },
    { name: 'NUL bytes', path: () => file('nul.prom', Buffer.alloc(4096)) },
    {
      name: 'a sample cut off mid-label',
      path: () => file('cut.prom', '# TYPE apiserver_request_total counter\napiserver_request_total{code="2'),
    },
    {
      name: 'a directory',
      path: () => {
        const path = join(dir, 'a-directory.prom');
        mkdirSync(path);
        return path;
      },
    },
  ];
  it.each(cases)(
    '$name: exit 2, one clear line naming the file, no stack trace',
    async ({ path }) => {
      const target = path();
      const { code, stdout, stderr } = await fleetscope('analyze', '--metrics', target);
      expect(code).toBe(2);
      expect(stderr).toContain(`fleetscope analyze: ${target}: `);
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(stderr.length).toBeLessThan(2_000);
      expect(stdout).toBe('');
    },
    60_000,
  );
});
