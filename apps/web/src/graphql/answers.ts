/**
 * The one client cache (TanStack Query) and the rule that keeps it from going back in time. Queries and
 * subscription pushes write the same entries; every write goes through `keepNewest`, so an answer computed
 * before the one held — a slow query answer landing after a newer push — never replaces it.
 */
import { QueryClient, replaceEqualDeep } from '@tanstack/react-query';
import { parseDateTime } from '../lib/time.ts';

/** When the API computed an answer: its snapshot `version` (where sent) and `generatedAt` (API clock, epoch ms). */
export interface Stamp {
  version: number | null;
  generatedAt: number | null;
}

/** What a cache entry holds: the data, when this browser received it, and when the API computed it. */
export interface Answer<T> {
  data: T;
  /** Browser clock, epoch ms: ages and the "no newer answer" rule count from here. */
  receivedAt: number;
  stamp: Stamp;
}

export function stampOf(view: { generatedAt: string; version?: number } | null): Stamp {
  return { version: view?.version ?? null, generatedAt: parseDateTime(view?.generatedAt ?? null) };
}

/**
 * True when `incoming` was computed before `held`. With versions on both, it is older only when its
 * version is lower AND its generatedAt is not later: a lower version with a later generatedAt is an API
 * that restarted (versions start again), not an old answer. Without versions, generatedAt decides. An
 * answer that cannot be placed (no generatedAt) is taken: nothing proves it old.
 */
export function isOlder(incoming: Stamp, held: Stamp): boolean {
  if (incoming.generatedAt === null || held.generatedAt === null) return false;
  if (incoming.version !== null && held.version !== null) {
    return incoming.version < held.version && incoming.generatedAt <= held.generatedAt;
  }
  return incoming.generatedAt < held.generatedAt;
}

function isAnswer(value: unknown): value is Answer<unknown> {
  return typeof value === 'object' && value !== null && 'stamp' in value && 'receivedAt' in value;
}

/**
 * TanStack Query's `structuralSharing` for every entry: refuses an older answer (the held one stays, with
 * its own receipt time, so ages stay honest), and otherwise keeps the identity of every unchanged part, so
 * a card whose data did not change receives the same objects and does not re-render.
 */
export function keepNewest(held: unknown, incoming: unknown): unknown {
  if (isAnswer(held) && isAnswer(incoming) && isOlder(incoming.stamp, held.stamp)) return held;
  return replaceEqualDeep(held, incoming);
}

/** The cache for one page: no retries (the next poll is the retry), no refetch on focus. */
export function createAnswerCache(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        structuralSharing: keepNewest,
        retry: false,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
        refetchIntervalInBackground: true,
        // Views come back instantly from the cache (aged by their own receipt time) and refetch at once.
        staleTime: 0,
        gcTime: 5 * 60_000,
      },
    },
  });
}

/** The cache key of an operation's answers: its name and variables. */
export function answerKey(operation: {
  operationName: string;
  variables?: Record<string, unknown>;
}): unknown[] {
  return ['graphql', operation.operationName, operation.variables ?? {}];
}
