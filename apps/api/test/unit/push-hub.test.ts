import {
  type ExecutionArgs,
  GraphQLInt,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  parse,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { FindingsService } from '../../src/graphql/findings/findings.service.ts';
import { formatGraphqlError } from '../../src/graphql/guards/error-codes.ts';
import { latestValueIterator } from '../../src/graphql/push/latest-value-iterator.ts';
import type { PreparedPayload } from '../../src/graphql/push/prepared-payload.ts';
import { operationKey, PushHub } from '../../src/graphql/push/push-hub.ts';
import { PushMetrics } from '../../src/graphql/push/push-metrics.ts';
import { type SliceEvent, sliceValue } from '../../src/graphql/push/slice-event.ts';
import { clusterWith, finding, ScriptedSnapshots } from '../support/findings.ts';

/** A schema with one subscription whose source the test drives, counting how often `label` resolves. */
function world() {
  const pushes = new Set<(e: SliceEvent<{ n: number }>) => void>();
  let current: SliceEvent<{ n: number }> = { version: 1, value: { n: 1 } };
  const counts = { labels: 0, sources: 0 };
  const Tick = new GraphQLObjectType({
    name: 'Tick',
    fields: {
      n: { type: GraphQLInt },
      label: {
        type: GraphQLString,
        resolve: (t: { n: number }, args: { prefix?: string }) => {
          counts.labels += 1;
          return `${args.prefix ?? 'tick'} ${t.n}`;
        },
        args: { prefix: { type: GraphQLString } },
      },
    },
  });
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLInt } } }),
    subscription: new GraphQLObjectType({
      name: 'Subscription',
      fields: {
        ticked: {
          type: Tick,
          subscribe: () => {
            counts.sources += 1;
            return latestValueIterator<SliceEvent<{ n: number }>>(
              (push) => {
                pushes.add(push);
                return () => pushes.delete(push);
              },
              0,
              current,
            );
          },
          resolve: sliceValue,
        },
      },
    }),
  });
  const publish = (n: number): void => {
    current = { version: n, value: { n } };
    for (const push of pushes) push(current);
  };
  return { schema, publish, counts, sources: () => pushes.size };
}

const QUERY = 'subscription($p: String) { ticked { n label(prefix: $p) } }';

async function subscribe(hub: PushHub, schema: GraphQLSchema, variables: Record<string, unknown> = {}) {
  const args: ExecutionArgs = { schema, document: parse(QUERY), variableValues: variables };
  const stream = await hub.subscribe(args, operationKey(QUERY, null, variables));
  if (!(Symbol.asyncIterator in stream)) throw new Error('expected a stream');
  return stream as AsyncIterableIterator<PreparedPayload>;
}

const text = (p: PreparedPayload): string => p.bytes.toString('utf8');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const counter = (m: Map<string, number>): number => m.get('ticked') ?? 0;

describe('PushHub: one execution and serialization per operation and version', () => {
  it('serves 50 subscribers of one operation with 1 execution and 1 serialization per version', async () => {
    const { schema, publish, counts, sources } = world();
    const metrics = new PushMetrics();
    const hub = new PushHub({ minIntervalMs: 20, metrics, formatError: formatGraphqlError });
    const clients = await Promise.all(Array.from({ length: 50 }, () => subscribe(hub, schema)));
    expect(counts.sources).toBe(1);
    expect(hub.channels).toBe(1);

    const received: PreparedPayload[][] = clients.map(() => []);
    const takeOne = () =>
      Promise.all(clients.map(async (c, i) => received[i]?.push((await c.next()).value as PreparedPayload)));
    await takeOne();
    for (const version of [2, 3]) {
      await sleep(30);
      publish(version);
      await takeOne();
    }

    // 3 versions: 3 executions (label resolved 3 times in all), 3 serializations, 150 messages.
    expect(counter(metrics.executions)).toBe(3);
    expect(counter(metrics.serializations)).toBe(3);
    expect(counts.labels).toBe(3);
    expect(counter(metrics.pushes)).toBe(150);
    // Every subscriber was sent the very same bytes for a version.
    for (const r of received) expect(r).toEqual(received[0]);
    expect(received[0]?.[2]).toBe(received[49]?.[2]);
    expect(received[0]?.map(text)).toEqual([
      '{"data":{"ticked":{"n":1,"label":"tick 1"}}}',
      '{"data":{"ticked":{"n":2,"label":"tick 2"}}}',
      '{"data":{"ticked":{"n":3,"label":"tick 3"}}}',
    ]);

    await Promise.all(clients.map((c) => c.return?.()));
    // The last subscriber gone: the source stream is closed and the channel dropped.
    expect(hub.channels).toBe(0);
    expect(sources()).toBe(0);
  });

  it('keeps operations with other variables apart', async () => {
    const { schema, counts } = world();
    const metrics = new PushMetrics();
    const hub = new PushHub({ minIntervalMs: 0, metrics, formatError: formatGraphqlError });
    const a = await subscribe(hub, schema, { p: 'a' });
    const b = await subscribe(hub, schema, { p: 'b' });
    const a2 = await subscribe(hub, schema, { p: 'a' });
    expect(hub.channels).toBe(2);
    expect(text((await a.next()).value)).toContain('"a 1"');
    expect(text((await b.next()).value)).toContain('"b 1"');
    expect(text((await a2.next()).value)).toContain('"a 1"');
    expect(counts.sources).toBe(2);
    expect(counter(metrics.serializations)).toBe(2);
    await Promise.all([a, b, a2].map((c) => c.return?.()));
  });

  it('throttles each subscriber: a burst of versions reaches it as the newest one, once per interval', async () => {
    const { schema, publish } = world();
    const metrics = new PushMetrics();
    const hub = new PushHub({ minIntervalMs: 200, metrics, formatError: formatGraphqlError });
    const client = await subscribe(hub, schema);
    const first = await client.next();
    expect(text(first.value)).toContain('"n":1');
    const started = Date.now();
    for (let v = 2; v <= 10; v++) publish(v);
    const second = await client.next();
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    // The newest wins: versions 2..9 were never executed nor sent.
    expect(text(second.value)).toContain('"n":10');
    expect(counter(metrics.executions)).toBe(2);
    expect(counter(metrics.pushes)).toBe(2);
    await client.return?.();
  });

  it('sends a subscriber that joins late the current version, from the shared payload', async () => {
    const { schema, publish } = world();
    const metrics = new PushMetrics();
    const hub = new PushHub({ minIntervalMs: 0, metrics, formatError: formatGraphqlError });
    const early = await subscribe(hub, schema);
    await early.next();
    publish(2);
    const atTwo = (await early.next()).value;
    const late = await subscribe(hub, schema);
    expect((await late.next()).value).toBe(atTwo);
    expect(counter(metrics.serializations)).toBe(2);
    await Promise.all([early, late].map((c) => c.return?.()));
  });
});

describe('PushHub: a stream of changes folds what a throttled subscriber missed', () => {
  it('sends a slow subscriber the changes since its own last message, shared with others in step', async () => {
    const node = (name: string) => ({ kind: 'Node', namespace: null, name });
    const a = finding('east', 'node.not-ready', node('a'));
    const b = finding('east', 'node.not-ready', node('b'));
    const c = finding('east', 'node.not-ready', node('c'));
    const snapshots = new ScriptedSnapshots([clusterWith('east', [a])]);
    const service = new FindingsService(snapshots.asFleetSnapshots());
    const schema = new GraphQLSchema({
      query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLInt } } }),
      subscription: new GraphQLObjectType({
        name: 'Subscription',
        fields: {
          findingsChanged: {
            type: new GraphQLObjectType({
              name: 'FindingsChange',
              fields: {
                version: { type: GraphQLInt },
                opened: {
                  type: GraphQLString,
                  resolve: (v) => v.opened.map((f: { id: string }) => f.id).join(),
                },
                resolved: {
                  type: GraphQLString,
                  resolve: (v) => v.resolved.map((f: { id: string }) => f.id).join(),
                },
              },
            }),
            subscribe: () => service.changes({}),
            resolve: sliceValue,
          },
        },
      }),
    });
    const query = 'subscription { findingsChanged { version opened resolved } }';
    const metrics = new PushMetrics();
    const hub = new PushHub({ minIntervalMs: 150, metrics, formatError: formatGraphqlError });
    const join = async () =>
      (await hub.subscribe(
        { schema, document: parse(query) },
        operationKey(query, null, {}),
      )) as AsyncIterableIterator<PreparedPayload>;
    const slow = await join();
    const fast = await join();
    const json = async (it: AsyncIterableIterator<PreparedPayload>) =>
      JSON.parse(text((await it.next()).value)).data.findingsChanged;
    expect(await json(slow)).toEqual({ version: 1, opened: a.id, resolved: '' });
    expect(await json(fast)).toEqual({ version: 1, opened: a.id, resolved: '' });
    await sleep(160);
    // v2 opens b; the fast subscriber takes it; the slow one does not ask yet.
    snapshots.publish([clusterWith('east', [a, b])]);
    expect(await json(fast)).toEqual({ version: 2, opened: b.id, resolved: '' });
    // v3: a resolves, c opens. The fast one is sent v2→v3; the slow one, v1→v3 folded into one message.
    await sleep(160);
    snapshots.publish([clusterWith('east', [b, c])]);
    expect(await json(fast)).toEqual({ version: 3, opened: c.id, resolved: a.id });
    expect(await json(slow)).toEqual({ version: 3, opened: [b.id, c.id].join(), resolved: a.id });
    // One payload per (from, to): v1, v1→v2, v2→v3, v1→v3.
    expect(metrics.serializations.get('findingsChanged')).toBe(4);
    await Promise.all([slow, fast].map((s) => s.return?.()));
    expect(snapshots.listeners).toBe(0);
  });
});
