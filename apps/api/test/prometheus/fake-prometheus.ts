import type { FetchLike } from '../../src/sources/prometheus/prometheus-client.ts';

/** One recorded call to the fake fetch. */
export interface FakeCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  params: URLSearchParams;
}

/** What the fake answers: a Response, a thrown error, or 'hang' (until the request's signal aborts). */
export type FakeAnswer = Response | Error | 'hang';

/** A fetch whose answers are decided per call by `answer`; every call is recorded. */
export function fakeFetch(answer: (call: FakeCall, index: number) => FakeAnswer): {
  fetch: FetchLike;
  calls: FakeCall[];
} {
  const calls: FakeCall[] = [];
  const fetch: FetchLike = async (url, init) => {
    const call: FakeCall = {
      url,
      method: init.method ?? 'GET',
      headers: { ...(init.headers as Record<string, string>) },
      params: new URLSearchParams(typeof init.body === 'string' ? init.body : ''),
    };
    calls.push(call);
    const result = answer(call, calls.length - 1);
    if (result === 'hang') {
      return new Promise<Response>((_, reject) => {
        const signal = init.signal;
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    }
    if (result instanceof Error) throw result;
    return result;
  };
  return { fetch, calls };
}

export const json = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

export const vector = (...series: Array<[Record<string, string>, string]>): Response =>
  json({
    status: 'success',
    data: {
      resultType: 'vector',
      result: series.map(([metric, v]) => ({ metric, value: [1700000000.5, v] })),
    },
  });

export const refused = (): Error =>
  new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9090') });

/** No real waiting in unit tests; the delays asked for are recorded. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    sleep: async (ms) => {
      delays.push(ms);
    },
  };
}
