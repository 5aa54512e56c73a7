import type { ClusterHealth } from '@fleetscope/diagnostics';
import { createClient } from 'redis';
import type { JsonLogger } from '../telemetry/json-logger.ts';

/** One cluster's summary as its owner published it. */
export interface PublishedCluster {
  /** Holder identity of the replica that watches the cluster. */
  owner: string;
  publishedAt: number;
  health: ClusterHealth;
}

const KEY_PREFIX = 'fleetscope:cluster:';
const CHANNEL = 'fleetscope:clusters';

type Redis = ReturnType<typeof createClient>;

/**
 * Cluster summaries between replicas through Redis: the owner SETs each summary under its cluster's
 * key with a time to live (a dead owner's entry goes away by itself) and PUBLISHes the cluster's
 * name; every replica subscribes, and also reads all keys each round (a missed message, or entries
 * that expired). When Redis is down, commands fail at once (no offline queue): the caller's entries
 * age into UNKNOWN while its own clusters keep being served; the client reconnects by itself.
 */
export class ClusterBroker {
  readonly #client: Redis;
  readonly #subscriber: Redis;
  readonly #ttlMs: number;
  readonly #logger: JsonLogger;
  readonly #listeners = new Set<(cluster: string) => void>();
  #down = false;

  constructor(url: string, ttlMs: number, logger: JsonLogger) {
    this.#ttlMs = ttlMs;
    this.#logger = logger;
    this.#client = createClient({
      url,
      disableOfflineQueue: true,
      socket: { connectTimeout: 2_000, reconnectStrategy: (retries) => Math.min(200 * (retries + 1), 2_000) },
    });
    this.#subscriber = this.#client.duplicate();
    for (const client of [this.#client, this.#subscriber]) {
      client.on('error', (error: Error) => this.#failed(error));
      client.on('ready', () => this.#ready());
    }
  }

  start(): void {
    void this.#client.connect().catch((error: Error) => this.#failed(error));
    void this.#subscriber
      .connect()
      .then(() =>
        this.#subscriber.subscribe(CHANNEL, (cluster) => {
          for (const listener of this.#listeners) listener(cluster);
        }),
      )
      .catch((error: Error) => this.#failed(error));
  }

  async stop(): Promise<void> {
    for (const client of [this.#subscriber, this.#client]) {
      try {
        client.destroy();
      } catch {
        // already closed
      }
    }
  }

  /** Whether the last command reached Redis. */
  up(): boolean {
    return !this.#down && this.#client.isReady;
  }

  /** Called with a cluster's name when its owner published a new summary. */
  onAnnounce(listener: (cluster: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async publish(cluster: string, entry: PublishedCluster): Promise<boolean> {
    try {
      await this.#client.set(KEY_PREFIX + cluster, JSON.stringify(entry), { PX: this.#ttlMs });
      await this.#client.publish(CHANNEL, cluster);
      return true;
    } catch (error) {
      this.#failed(error as Error);
      return false;
    }
  }

  /** The published entries of these clusters (null: none, or expired); null when Redis is unreachable. */
  async read(clusters: readonly string[]): Promise<Map<string, PublishedCluster | null> | null> {
    if (clusters.length === 0) return new Map();
    try {
      const values = await this.#client.mGet(clusters.map((c) => KEY_PREFIX + c));
      const out = new Map<string, PublishedCluster | null>();
      clusters.forEach((cluster, i) => {
        out.set(cluster, parseEntry(values[i] ?? null));
      });
      return out;
    } catch (error) {
      this.#failed(error as Error);
      return null;
    }
  }

  #failed(error: Error): void {
    if (!this.#down) this.#logger.warn('shard broker unreachable', { error: error.message });
    this.#down = true;
  }

  #ready(): void {
    if (this.#down) this.#logger.info('shard broker reachable again');
    this.#down = false;
  }
}

/** A published entry, or null when it is not one (a foreign or corrupt value is never trusted). */
function parseEntry(raw: string | null): PublishedCluster | null {
  if (raw === null) return null;
  try {
    const entry = JSON.parse(raw) as Partial<PublishedCluster>;
    if (typeof entry.owner !== 'string' || typeof entry.publishedAt !== 'number') return null;
    if (entry.health === null || typeof entry.health !== 'object' || typeof entry.health.name !== 'string')
      return null;
    return entry as PublishedCluster;
  } catch {
    return null;
  }
}
