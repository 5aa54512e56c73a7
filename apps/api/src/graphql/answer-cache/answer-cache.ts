import { createHash } from 'node:crypto';
import type { GraphQLSchema } from 'graphql';
import { operationKey } from '../push/push-hub.ts';
import type { AnswerSlice } from './answer-dependencies.ts';
import { type AnswerPlan, planAnswer } from './answer-plan.ts';
import { ByteLru } from './byte-lru.ts';

/** A serialized answer as it was sent: its bytes and the headers that describe them. */
export interface CachedAnswer {
  body: Buffer;
  headers: Readonly<Record<string, string>>;
}

/** One query as the cache sees it. */
export interface AnswerRequest {
  query: string;
  operationName: string | null;
  variables: Readonly<Record<string, unknown>> | null;
  /** The clusters the viewer may see; null: every cluster. */
  visible: ReadonlySet<string> | null;
  /** The request's Accept header: Apollo answers a different content type for graphql-response+json. */
  accept: string;
}

export type Lookup =
  | { kind: 'hit'; key: string; answer: CachedAnswer }
  | { kind: 'miss'; key: string }
  | { kind: 'bypass'; reason: string };

export interface AnswerCacheStats {
  hits: number;
  misses: number;
  /** Queries not cacheable (a field that declares no dependency or never caches, variables too large, …). */
  bypasses: number;
  stores: number;
  evictions(): number;
  bytes(): number;
  entries(): number;
}

export interface AnswerCacheOptions {
  /** Bound on the answers kept (bytes, keys included). */
  maxBytes: number;
  /** Current versions of slices (AnswerSlices.versions). */
  versions: (slices: readonly AnswerSlice[]) => string;
}

/** Variables larger than this (as JSON) are not cached: such queries are not the views' repeated ones. */
export const MAX_CACHED_VARIABLES_BYTES = 16 * 1024;

/**
 * Serialized query answers, keyed by what decides them: the document (normalized), operation name,
 * variables, the viewer's visible clusters, the Accept header, and the current versions of the slices
 * the document's fields read (answer-dependencies.ts). Bounded in bytes: the answers (LRU) and, apart,
 * the plans of the documents seen (LRU, an eighth of the budget), so neither many distinct documents
 * nor large variables can grow it past `maxBytes`.
 */
export class AnswerCache {
  readonly #answers: ByteLru<CachedAnswer>;
  readonly #plans: ByteLru<AnswerPlan>;
  readonly stats: AnswerCacheStats;

  constructor(
    /** The executable schema (built when the app starts, after the hooks are registered). */
    private readonly schema: () => GraphQLSchema,
    private readonly options: AnswerCacheOptions,
  ) {
    const planBytes = Math.floor(options.maxBytes / 8);
    this.#plans = new ByteLru(planBytes, Math.floor(planBytes / 4));
    this.#answers = new ByteLru(options.maxBytes - planBytes, Math.floor((options.maxBytes - planBytes) / 4));
    const answers = this.#answers;
    this.stats = {
      hits: 0,
      misses: 0,
      bypasses: 0,
      stores: 0,
      evictions: () => answers.evictions,
      bytes: () => answers.bytes + this.#plans.bytes,
      entries: () => answers.size,
    };
  }

  /** `fresh`: the client asked for an executed answer (Cache-Control: no-cache): a miss, kept after. */
  lookup(request: AnswerRequest, fresh = false): Lookup {
    const plan = this.#plan(request.query, request.operationName);
    if (!plan.cacheable) return this.#bypass(plan.reason);
    let variables: string;
    try {
      variables = operationKey(plan.documentHash, request.operationName, request.variables);
    } catch {
      return this.#bypass('variables not serializable');
    }
    if (variables.length > MAX_CACHED_VARIABLES_BYTES) return this.#bypass('variables too large');
    const visible = request.visible === null ? '*' : JSON.stringify([...request.visible].sort());
    const key = createHash('sha256')
      .update(variables)
      .update('\u0000')
      .update(visible)
      .update('\u0000')
      .update(request.accept)
      .update('\u0000')
      .update(this.options.versions(plan.slices))
      .digest('base64');
    const answer = fresh ? undefined : this.#answers.get(key);
    if (answer !== undefined) {
      this.stats.hits += 1;
      return { kind: 'hit', key, answer };
    }
    this.stats.misses += 1;
    return { kind: 'miss', key };
  }

  /** Keeps an executed answer under the key its lookup gave (computed before it was executed). */
  store(key: string, answer: CachedAnswer): void {
    let headerBytes = 0;
    for (const [k, v] of Object.entries(answer.headers)) headerBytes += (k.length + v.length) * 2;
    if (this.#answers.set(key, answer, answer.body.length + headerBytes)) this.stats.stores += 1;
  }

  #plan(query: string, operationName: string | null): AnswerPlan {
    const key = `${operationName ?? ''}\u0000${query}`;
    const known = this.#plans.get(key);
    if (known !== undefined) return known;
    const plan = planAnswer(this.schema(), query, operationName);
    this.#plans.set(key, plan, plan.cacheable ? 200 : 100);
    return plan;
  }

  #bypass(reason: string): Lookup {
    this.stats.bypasses += 1;
    return { kind: 'bypass', reason };
  }
}
