import {
  createSourceEventStream,
  type ExecutionArgs,
  type ExecutionResult,
  execute,
  type GraphQLError,
  type GraphQLFormattedError,
  getOperationAST,
  Kind,
} from 'graphql';
import { latestValueIterator } from './latest-value-iterator.ts';
import { PreparedPayload } from './prepared-payload.ts';
import type { PushMetrics } from './push-metrics.ts';
import { type DeltaEvent, isDeltaEvent, type SliceEvent } from './slice-event.ts';

export interface PushHubOptions {
  /** Minimum interval between two messages to one subscriber (the newest value wins). */
  minIntervalMs: number;
  metrics: PushMetrics;
  /** The one error mapping (guards/error-codes.ts), applied once per payload. */
  formatError: (formatted: GraphQLFormattedError, error: GraphQLError) => GraphQLFormattedError;
}

/**
 * Subscriptions that cost per version, not per subscriber. Subscribers of the same operation
 * (document, operation name and variables: `key`) share one channel: one source stream from the
 * resolver, and one execution and JSON serialization of each payload (per version; for streams of
 * changes, per version and the version the subscriber was last sent). Each subscriber has its own
 * throttle: at most one message per `minIntervalMs`, the newest version wins.
 *
 * Subscribers share an execution's context, so an operation's answer must not depend on who asks:
 * the key joins what the viewer may see (Kubernetes RBAC mode, guards/graphql-ws.server.ts), so only
 * viewers of the same clusters share.
 */
export class PushHub {
  /** Open channels by operation key; a channel whose source stream is being opened is a promise. */
  readonly #channels = new Map<string, Promise<Channel | ExecutionResult>>();

  constructor(private readonly options: PushHubOptions) {}

  /** graphql-ws's `subscribe`: the source stream is opened once per key, then shared. */
  async subscribe(
    args: ExecutionArgs,
    key: string,
  ): Promise<AsyncIterableIterator<PreparedPayload> | ExecutionResult> {
    let opening = this.#channels.get(key);
    if (!opening) {
      opening = this.#open(args, key);
      this.#channels.set(key, opening);
    }
    const channel = await opening;
    if (!(channel instanceof Channel)) {
      // The resolver refused (e.g. NOT_FOUND): nothing to share; the next subscriber asks again.
      if (this.#channels.get(key) === opening) this.#channels.delete(key);
      return channel;
    }
    // Its last subscriber left while this one waited: open a new one.
    if (channel.closed) return this.subscribe(args, key);
    return channel.join();
  }

  /** Operations with at least one subscriber. */
  get channels(): number {
    return this.#channels.size;
  }

  async #open(args: ExecutionArgs, key: string): Promise<Channel | ExecutionResult> {
    const stream = await createSourceEventStream(args);
    if (!isAsyncIterable(stream)) return stream;
    const opening = this.#channels.get(key);
    return new Channel(args, stream[Symbol.asyncIterator](), fieldOf(args), this.options, () => {
      if (this.#channels.get(key) === opening) this.#channels.delete(key);
    });
  }
}

class Channel {
  #latest: SliceEvent | null = null;
  /** Payloads of the latest event, by the version they bring a subscriber from and to. */
  readonly #payloads = new Map<string, Promise<PreparedPayload | null>>();
  readonly #listeners = new Set<(event: SliceEvent) => void>();
  readonly #clients = new Set<AsyncIterableIterator<PreparedPayload>>();
  #closed = false;

  get closed(): boolean {
    return this.#closed;
  }

  constructor(
    private readonly args: ExecutionArgs,
    private readonly source: AsyncIterator<unknown>,
    private readonly field: string,
    private readonly options: PushHubOptions,
    private readonly onClose: () => void,
  ) {
    void this.#pump();
  }

  join(): AsyncIterableIterator<PreparedPayload> {
    let last: SliceEvent | null = null;
    const client = latestValueIterator<SliceEvent, PreparedPayload>(
      (push) => {
        this.#listeners.add(push);
        return () => {
          this.#listeners.delete(push);
          this.#clients.delete(client);
          if (this.#listeners.size === 0) this.#close();
        };
      },
      this.options.minIntervalMs,
      this.#latest ?? undefined,
      async (event) => {
        if (last?.version === event.version) return null;
        const payload = await this.#payloadFor(last, event);
        last = event;
        if (payload !== null) this.options.metrics.count(this.options.metrics.pushes, this.field);
        return payload;
      },
    );
    this.#clients.add(client);
    return client;
  }

  #payloadFor(last: SliceEvent | null, event: SliceEvent): Promise<PreparedPayload | null> {
    const delta = isDeltaEvent(event);
    const key = delta ? `${last?.version ?? '-'}>${event.version}` : String(event.version);
    const known = this.#payloads.get(key);
    if (known) return known;
    const root = (): SliceEvent | null => (delta ? event.since(last as DeltaEvent | null) : event);
    const payload = this.#prepare(root);
    // Only the latest event's payloads are kept: a subscriber is always sent the latest.
    if (event === this.#latest) this.#payloads.set(key, payload);
    return payload;
  }

  async #prepare(root: () => SliceEvent | null): Promise<PreparedPayload | null> {
    const rootValue = root();
    if (rootValue === null) return null;
    const { metrics, formatError } = this.options;
    metrics.count(metrics.executions, this.field);
    const result = await execute({ ...this.args, rootValue });
    const body = result.errors
      ? { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e)) }
      : result;
    const json = JSON.stringify(body);
    metrics.count(metrics.serializations, this.field);
    return new PreparedPayload(json);
  }

  async #pump(): Promise<void> {
    try {
      for (;;) {
        const next = await this.source.next();
        if (next.done || this.#closed) break;
        this.#latest = next.value as SliceEvent;
        this.#payloads.clear();
        for (const listener of [...this.#listeners]) listener(this.#latest);
      }
    } finally {
      // The source ended (or failed): so do its subscribers' streams.
      for (const client of [...this.#clients]) void client.return?.();
      this.#close();
    }
  }

  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.onClose();
    void this.source.return?.();
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof (value as Partial<AsyncIterable<unknown>>)?.[Symbol.asyncIterator] === 'function';
}

/** The subscription's root field (its name, not an alias): the label of the push counters. */
function fieldOf(args: ExecutionArgs): string {
  const selection = getOperationAST(args.document, args.operationName)?.selectionSet.selections[0];
  return selection?.kind === Kind.FIELD ? selection.name.value : 'unknown';
}

/** The key of an operation: its text, operation name and variables (keys sorted at every level). */
export function operationKey(
  query: string,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): string {
  return JSON.stringify([query, operationName ?? null, sortKeys(variables ?? {})]);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
  );
}
