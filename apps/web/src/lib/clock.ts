import { useEffect, useLayoutEffect, useReducer, useRef } from 'react';
import { assessFreshness, type Freshness, type FreshnessInput } from './staleness.ts';

/**
 * One browser clock for the page, ticking once a second while anything listens. Components never re-render
 * because the clock ticked: they ask `useClockValue` for what they derive from the time (a stale flag, an
 * age's text), and re-render only when that changes — so a card turns stale on the tick it goes stale,
 * and only the "data as of"/age leaves change every second.
 */

const TICK_MS = 1_000;
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function tick(): void {
  for (const listener of [...listeners]) listener();
}

/** Calls `listener` on every tick; returns the unsubscribe function. The timer runs only while needed. */
export function subscribeTick(listener: () => void): () => void {
  listeners.add(listener);
  timer ??= setInterval(tick, TICK_MS);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/**
 * `compute(now)`, re-evaluated on every tick; the component re-renders only when the result changes by
 * `equal`, and an equal result keeps its previous identity (safe to pass to memoised children).
 */
export function useClockValue<V>(
  compute: (nowMs: number) => V,
  equal: (a: V, b: V) => boolean = Object.is,
): V {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const held = useRef<{ value: V; compute: (nowMs: number) => V; equal: (a: V, b: V) => boolean } | null>(
    null,
  );
  const next = compute(Date.now());
  const previous = held.current;
  const value = previous !== null && equal(previous.value, next) ? previous.value : next;
  useLayoutEffect(() => {
    held.current = { value, compute, equal };
  });
  useEffect(
    () =>
      subscribeTick(() => {
        const h = held.current;
        if (h !== null && !h.equal(h.value, h.compute(Date.now()))) rerender();
      }),
    [],
  );
  return value;
}

/** Whether data may be shown as current, without its age (which changes every second: see `AgeText`). */
export type FreshnessState = Omit<Freshness, 'ageMs'>;

const NEVER_SYNCED: FreshnessState = { stale: true, reason: 'never-synced', dataAsOf: null };

function sameFreshness(a: FreshnessState, b: FreshnessState): boolean {
  return a.stale === b.stale && a.reason === b.reason && a.dataAsOf === b.dataAsOf;
}

/** The server's staleness rule (`assessFreshness`) applied as time passes; null input: nothing arrived. */
export function useFreshness(input: FreshnessInput | null): FreshnessState {
  return useClockValue((nowMs) => {
    if (input === null) return NEVER_SYNCED;
    const { stale, reason, dataAsOf } = assessFreshness(input, nowMs);
    return { stale, reason, dataAsOf };
  }, sameFreshness);
}
