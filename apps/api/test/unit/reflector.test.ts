import type { ObjectRecord, RecordKind, ResourceFreshness } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import {
  type KubeApi,
  KubeApiError,
  type ListPage,
  type WatchEventType,
  type WatchHandle,
} from '../../src/sources/kubernetes/kube-api.ts';
import { Reflector } from '../../src/sources/kubernetes/reflector.ts';
import { ObjectStore } from '../../src/stores/object-store.ts';

const rawPod = (name: string, rv: string) => ({
  metadata: { name, namespace: 'ml', uid: `uid-${name}`, resourceVersion: rv },
  spec: {},
  status: { phase: 'Running' },
});

type Step =
  | { list: ListPage | KubeApiError }
  | { watch: Array<[WatchEventType, unknown]>; end?: Error | null; hang?: boolean }
  | { watchFails: KubeApiError };

/** A KubeApi that plays a script of list/watch answers in order, then hangs on watch. */
class ScriptedKubeApi implements KubeApi {
  readonly calls: string[] = [];
  readonly #steps: Step[];
  constructor(steps: Step[]) {
    this.#steps = steps;
  }
  async list(_path: string, params: Record<string, string>, signal: AbortSignal): Promise<ListPage> {
    this.calls.push(`list ${params.continue ?? ''}`.trim());
    const step = this.#steps.shift();
    if (!step) {
      // Script finished: hang like a slow server until the reflector aborts the request.
      return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
    }
    if (!('list' in step)) throw new Error(`unexpected list; next step ${JSON.stringify(step)}`);
    if (step.list instanceof Error) throw step.list;
    return step.list;
  }
  async watch(
    _path: string,
    params: Record<string, string>,
    onEvent: (type: WatchEventType, object: unknown) => void,
  ): Promise<WatchHandle> {
    this.calls.push(`watch ${params.resourceVersion}`);
    const step = this.#steps.shift();
    let abort: () => void = () => {};
    const aborted = new Promise<Error | null>((resolve) => {
      abort = () => resolve(null);
    });
    if (!step) return { done: aborted, abort };
    if ('watchFails' in step) return { done: Promise.resolve(step.watchFails), abort };
    if (!('watch' in step)) throw new Error(`unexpected watch; next step ${JSON.stringify(step)}`);
    for (const [type, object] of step.watch) onEvent(type, object);
    return { done: step.hang ? aborted : Promise.resolve(step.end ?? null), abort };
  }
}

function harness(steps: Step[]) {
  const api = new ScriptedKubeApi(steps);
  const store = new ObjectStore();
  const freshness: ResourceFreshness[] = [];
  let now = 1_000;
  const reflector = new Reflector({
    cluster: 'c1',
    resource: 'pods',
    api,
    sink: {
      upsert: (r: ObjectRecord) => store.upsert(r),
      remove: (k: RecordKind, key: string) => store.remove(k, key),
      replaceAll: (k: RecordKind, rs: ObjectRecord[]) => store.replaceAll(k, rs),
      count: (k: RecordKind) => store.count(k),
      has: (k: RecordKind, key: string) => store.has(k, key),
    },
    censusIntervalMs: 0,
    clock: { now: () => (now += 100) },
    logger: { warn: () => {}, info: () => {} },
    onFreshness: (f) => freshness.push(f),
    random: () => 0,
    // Real macrotask turns so the test's own timers run; no real waiting.
    sleep: () => new Promise((resolve) => setTimeout(resolve, 0)),
  });
  return { api, store, freshness, reflector };
}

const settle = () => new Promise((r) => setTimeout(r, 20));
const names = (store: ObjectStore) => [...store.pods()].map((p) => p.name).sort();

describe('Reflector', () => {
  it('pages through the initial list with continue tokens, then watches from its resourceVersion', async () => {
    const { api, store, reflector, freshness } = harness([
      { list: { items: [rawPod('a', '5')], resourceVersion: '10', continueToken: 'next' } },
      { list: { items: [rawPod('b', '6')], resourceVersion: '10', continueToken: '' } },
      {
        watch: [
          ['ADDED', rawPod('c', '11')],
          ['MODIFIED', rawPod('a', '12')],
          ['DELETED', rawPod('b', '13')],
        ],
        hang: true,
      },
    ]);
    reflector.start();
    await settle();
    expect(api.calls).toEqual(['list', 'list next', 'watch 10']);
    expect(names(store)).toEqual(['a', 'c']);
    expect(store.get('Pod', 'ml/a')?.resourceVersion).toBe('12');
    expect(freshness.at(-1)).toMatchObject({ state: 'SYNCED', relists: 1, restarts: 0 });
    await reflector.stop();
  });

  it('restarts paging when a continue token expires, and never stores a partial list', async () => {
    const { api, store, reflector } = harness([
      { list: { items: [rawPod('a', '5')], resourceVersion: '10', continueToken: 'next' } },
      { list: new KubeApiError('HTTP 410: The provided continue parameter is too old', 410, 'Expired') },
      { list: { items: [rawPod('a', '5')], resourceVersion: '20', continueToken: 'again' } },
      { list: { items: [rawPod('b', '6')], resourceVersion: '20', continueToken: '' } },
      { watch: [], hang: true },
    ]);
    reflector.start();
    await settle();
    expect(api.calls).toEqual(['list', 'list next', 'list', 'list again', 'watch 20']);
    expect(names(store)).toEqual(['a', 'b']);
    await reflector.stop();
  });

  it('does not call data current just because a watch connected', async () => {
    const { reflector, freshness } = harness([
      { list: { items: [], resourceVersion: '2', continueToken: '' } },
      { watch: [], hang: true },
    ]);
    reflector.start();
    await settle();
    const listedAt = freshness.find((f) => f.relists === 1)?.confirmedAt;
    expect(freshness.at(-1)).toMatchObject({ state: 'SYNCED', confirmedAt: listedAt, lastEventAt: null });
    await reflector.stop();
  });

  it('relists after an in-stream 410 and drops objects deleted while away', async () => {
    const { api, store, reflector, freshness } = harness([
      { list: { items: [rawPod('a', '1'), rawPod('b', '2')], resourceVersion: '2', continueToken: '' } },
      {
        watch: [
          ['ERROR', { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' }],
        ],
      },
      { list: { items: [rawPod('a', '1')], resourceVersion: '40', continueToken: '' } },
      { watch: [], hang: true },
    ]);
    reflector.start();
    await settle();
    expect(api.calls).toEqual(['list', 'watch 2', 'list', 'watch 40']);
    expect(names(store)).toEqual(['a']);
    expect(freshness.at(-1)).toMatchObject({ state: 'SYNCED', relists: 2 });
    await reflector.stop();
  });

  it('relists after an HTTP 410 on watch', async () => {
    const { api, reflector } = harness([
      { list: { items: [], resourceVersion: '2', continueToken: '' } },
      { watchFails: new KubeApiError('HTTP 410: Gone', 410) },
      { list: { items: [], resourceVersion: '9', continueToken: '' } },
      { watch: [], hang: true },
    ]);
    reflector.start();
    await settle();
    expect(api.calls).toEqual(['list', 'watch 2', 'list', 'watch 9']);
    await reflector.stop();
  });

  it('retries a failed list with backoff, reporting RETRYING and the error, then converges', async () => {
    const { api, store, reflector, freshness } = harness([
      { list: new KubeApiError('HTTP 500: etcdserver: request timed out', 500) },
      { list: { items: [rawPod('a', '3')], resourceVersion: '3', continueToken: '' } },
      { watch: [], hang: true },
    ]);
    reflector.start();
    await settle();
    expect(api.calls).toEqual(['list', 'list', 'watch 3']);
    expect(freshness.find((f) => f.state === 'RETRYING')).toMatchObject({
      lastError: 'HTTP 500: etcdserver: request timed out',
      restarts: 1,
    });
    expect(freshness.at(-1)?.state).toBe('SYNCED');
    expect(names(store)).toEqual(['a']);
    await reflector.stop();
  });

  it('resumes the watch from the last resourceVersion (bookmarks included) after a dropped stream', async () => {
    const { api, reflector } = harness([
      { list: { items: [], resourceVersion: '2', continueToken: '' } },
      { watch: [['BOOKMARK', { metadata: { resourceVersion: '77' } }]], end: new Error('socket hang up') },
      { watch: [], hang: true },
    ]);
    reflector.start();
    await settle();
    expect(api.calls).toEqual(['list', 'watch 2', 'watch 77']);
    await reflector.stop();
  });

  it('marks a 404 for the resource type notServed (what rests on it is NOT_APPLICABLE), cleared once it lists', async () => {
    const { reflector, freshness } = harness([
      {
        list: new KubeApiError('HTTP 404: the server could not find the requested resource', 404, 'NotFound'),
      },
      { list: { items: [rawPod('a', '5')], resourceVersion: '10', continueToken: '' } },
      { watch: [], hang: true },
    ]);
    reflector.start();
    await settle();
    const refused = freshness.find((f) => f.state === 'RETRYING');
    expect(refused).toMatchObject({ notServed: true });
    expect(refused?.lastError).toMatch(/does not serve pods/);
    expect(freshness.at(-1)).toMatchObject({ state: 'SYNCED', notServed: false, relists: 1 });
    await reflector.stop();
  });

  it('marks a 403 FORBIDDEN (unknown, not empty) and keeps what it had', async () => {
    const { store, reflector, freshness } = harness([
      { list: new KubeApiError('HTTP 403: pods is forbidden', 403) },
      { list: new KubeApiError('HTTP 403: pods is forbidden', 403) },
    ]);
    reflector.start();
    await settle();
    await reflector.stop();
    expect(freshness.at(-1)).toMatchObject({ state: 'FORBIDDEN', lastError: 'HTTP 403: pods is forbidden' });
    expect(store.count('Pod')).toBe(0);
  });

  it('rejects malformed objects one by one without stopping the watch', async () => {
    const { store, reflector } = harness([
      {
        list: {
          items: [{ metadata: { name: 'no-uid', namespace: 'ml' } }, rawPod('ok', '1')],
          resourceVersion: '1',
          continueToken: '',
        },
      },
      {
        watch: [
          ['ADDED', 'garbage'],
          ['ADDED', rawPod('later', '2')],
        ],
        hang: true,
      },
    ]);
    reflector.start();
    await settle();
    expect(names(store)).toEqual(['later', 'ok']);
    expect(reflector.rejected).toBe(2);
    await reflector.stop();
  });
});
