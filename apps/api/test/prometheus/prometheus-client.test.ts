import { describe, expect, it } from 'vitest';
import {
  formatMs,
  PrometheusClient,
  PrometheusError,
} from '../../src/sources/prometheus/prometheus-client.ts';
import { parsePromNumber } from '../../src/sources/prometheus/prometheus-response.ts';
import { type FakeAnswer, fakeFetch, json, recordingSleep, refused, vector } from './fake-prometheus.ts';

const URL_ = 'http://prom.example:9090';

function client(
  answer: (index: number) => FakeAnswer,
  options: { timeoutMs?: number; retries?: number } = {},
) {
  const fake = fakeFetch((_, i) => answer(i));
  const sleeper = recordingSleep();
  const c = new PrometheusClient({
    url: URL_,
    fetch: fake.fetch,
    sleep: sleeper.sleep,
    random: () => 0,
    retries: options.retries ?? 2,
    timeoutMs: options.timeoutMs ?? 5_000,
  });
  return { c, calls: fake.calls, delays: sleeper.delays };
}

async function failure(promise: Promise<unknown>): Promise<PrometheusError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PrometheusError) return error;
    throw error;
  }
  throw new Error('expected a PrometheusError');
}

describe('PrometheusClient failure modes', () => {
  it.each([
    {
      case: 'connection refused (retried)',
      answer: (): FakeAnswer => refused(),
      message: `Prometheus ${URL_}: network error: connect ECONNREFUSED 127.0.0.1:9090`,
      kind: 'network',
      calls: 3,
    },
    {
      case: '500 (retried)',
      answer: (): FakeAnswer => new Response('oops', { status: 500 }),
      message: `Prometheus ${URL_}: HTTP 500`,
      kind: 'http',
      calls: 3,
    },
    {
      case: '503 with Prometheus error body (retried)',
      answer: (): FakeAnswer =>
        json({ status: 'error', errorType: 'timeout', error: 'query timed out' }, 503),
      message: `Prometheus ${URL_}: HTTP 503 (timeout: query timed out)`,
      kind: 'http',
      calls: 3,
    },
    {
      case: '429 (retried)',
      answer: (): FakeAnswer => new Response('slow down', { status: 429 }),
      message: `Prometheus ${URL_}: HTTP 429`,
      kind: 'http',
      calls: 3,
    },
    {
      case: '400 bad_data (not retried)',
      answer: (): FakeAnswer =>
        json(
          { status: 'error', errorType: 'bad_data', error: 'parse error at char 12: unexpected "}"' },
          400,
        ),
      message: `Prometheus ${URL_}: bad_data: parse error at char 12: unexpected "}"`,
      kind: 'query',
      calls: 1,
    },
    {
      case: '422 execution error (not retried)',
      answer: (): FakeAnswer =>
        json({ status: 'error', errorType: 'execution', error: 'found duplicate series' }, 422),
      message: `Prometheus ${URL_}: execution: found duplicate series`,
      kind: 'query',
      calls: 1,
    },
    {
      case: '404 HTML (wrong path, not retried)',
      answer: (): FakeAnswer => new Response('<html>not found</html>', { status: 404 }),
      message: `Prometheus ${URL_}: HTTP 404`,
      kind: 'http',
      calls: 1,
    },
    {
      case: '200 not JSON',
      answer: (): FakeAnswer => new Response('<html>login</html>', { status: 200 }),
      message: `Prometheus ${URL_}: response is not JSON`,
      kind: 'not_json',
      calls: 1,
    },
    {
      case: '200 with status error',
      answer: (): FakeAnswer => json({ status: 'error', errorType: 'internal', error: 'boom' }),
      message: `Prometheus ${URL_}: internal: boom`,
      kind: 'query',
      calls: 1,
    },
  ])('$case', async ({ answer, message, kind, calls }) => {
    const { c, calls: made } = client(answer);
    const error = await failure(c.query('up', 1_700_000_000_000));
    expect(error.message).toBe(message);
    expect(error.kind).toBe(kind);
    expect(error.url).toBe(URL_);
    expect(made).toHaveLength(calls);
  });

  it('times out a request that hangs and does not retry it', async () => {
    const { c, calls } = client(() => 'hang', { timeoutMs: 20 });
    const error = await failure(c.query('up', 0));
    expect(error.message).toBe(`Prometheus ${URL_}: timed out after 20ms`);
    expect(error.kind).toBe('timeout');
    expect(calls).toHaveLength(1);
  });

  it.each([
    { ms: 5_000, text: '5s' },
    { ms: 1_500, text: '1500ms' },
  ])('formats a timeout of $ms ms as $text', ({ ms, text }) => {
    expect(formatMs(ms)).toBe(text);
  });

  it('recovers when a 503 is followed by success, backing off exponentially', async () => {
    const { c, calls, delays } = client((i) =>
      i < 2 ? new Response('unavailable', { status: 503 }) : vector([{ job: 'apiserver' }, '1']),
    );
    const result = await c.query('up', 0);
    expect(result).toEqual([{ metric: { job: 'apiserver' }, value: 1, timestampMs: 1_700_000_000_500 }]);
    expect(calls).toHaveLength(3);
    // random() = 0 → half of 200 ms, then half of 400 ms.
    expect(delays).toEqual([100, 200]);
  });

  it.each([
    { case: 'not an object', body: [1, 2] },
    { case: 'unknown status', body: { status: 'ok', data: {} } },
    { case: 'no data', body: { status: 'success' } },
    {
      case: 'string result type',
      body: { status: 'success', data: { resultType: 'string', result: [1, 'x'] } },
    },
    { case: 'result not an array', body: { status: 'success', data: { resultType: 'vector', result: {} } } },
    {
      case: 'value is a bare number',
      body: { status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [1, 2] }] } },
    },
    {
      case: 'value is not a number',
      body: {
        status: 'success',
        data: { resultType: 'vector', result: [{ metric: {}, value: [1, 'abc'] }] },
      },
    },
    {
      case: 'label is not a string',
      body: {
        status: 'success',
        data: { resultType: 'vector', result: [{ metric: { job: 1 }, value: [1, '1'] }] },
      },
    },
    {
      case: 'missing metric',
      body: { status: 'success', data: { resultType: 'vector', result: [{ value: [1, '1'] }] } },
    },
  ])('rejects a response of the wrong shape: $case', async ({ body }) => {
    const { c, calls } = client(() => json(body));
    const error = await failure(c.query('up', 0));
    expect(error.kind).toBe('bad_response');
    expect(error.message).toMatch(new RegExp(`^Prometheus ${URL_}: unexpected response: `));
    expect(calls).toHaveLength(1);
  });

  it('rejects a matrix answer to an instant query', async () => {
    const { c } = client(() =>
      json({ status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: [] }] } }),
    );
    expect((await failure(c.query('up[5m]', 0))).message).toBe(
      `Prometheus ${URL_}: expected a vector or scalar result, got matrix`,
    );
  });
});

describe('PrometheusClient results', () => {
  it('parses NaN, +Inf and -Inf into numbers and leaves judging them to the caller', async () => {
    const { c } = client(() =>
      vector([{ scope: 'resource' }, 'NaN'], [{ scope: 'cluster' }, '+Inf'], [{}, '-Inf']),
    );
    const values = (await c.query('q', 0)).map((s) => s.value);
    expect(values[0]).toBeNaN();
    expect(values.slice(1)).toEqual([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
  });

  it('turns a scalar result into one label-less sample', async () => {
    const { c } = client(() =>
      json({ status: 'success', data: { resultType: 'scalar', result: [12.5, '3'] } }),
    );
    expect(await c.query('scalar(up)', 0)).toEqual([{ metric: {}, value: 3, timestampMs: 12_500 }]);
  });

  it('POSTs an instant query with its evaluation time in seconds', async () => {
    const { c, calls } = client(() => vector());
    await c.query('sum(up{job="etcd"})', 1_700_000_000_123);
    expect(calls[0]).toMatchObject({ url: `${URL_}/api/v1/query`, method: 'POST' });
    expect(Object.fromEntries(calls[0]?.params ?? [])).toEqual({
      query: 'sum(up{job="etcd"})',
      time: '1700000000.123',
    });
  });

  it('runs a range query and parses the matrix', async () => {
    const { c, calls } = client(() =>
      json({
        status: 'success',
        data: {
          resultType: 'matrix',
          result: [
            {
              metric: { job: 'apiserver' },
              values: [
                [100, '1'],
                [115, 'NaN'],
              ],
            },
          ],
        },
      }),
    );
    const result = await c.queryRange('up', 100_000, 115_000, 15);
    expect(calls[0]?.url).toBe(`${URL_}/api/v1/query_range`);
    expect(Object.fromEntries(calls[0]?.params ?? [])).toEqual({
      query: 'up',
      start: '100.000',
      end: '115.000',
      step: '15',
    });
    expect(result[0]?.metric).toEqual({ job: 'apiserver' });
    expect(result[0]?.points[0]).toEqual({ t: 100_000, v: 1 });
    expect(result[0]?.points[1]?.v).toBeNaN();
  });

  it('keeps a path prefix and moves URL credentials into a header, out of messages', async () => {
    const fake = fakeFetch(() => new Response('no', { status: 500 }));
    const c = new PrometheusClient({
      url: 'https://user:s3cret@mimir.example/prometheus/',
      fetch: fake.fetch,
      retries: 0,
    });
    const error = await failure(c.query('up', 0));
    expect(c.url).toBe('https://mimir.example/prometheus');
    expect(error.message).not.toContain('s3cret');
    expect(fake.calls[0]?.url).toBe('https://mimir.example/prometheus/api/v1/query');
    expect(fake.calls[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from('user:s3cret').toString('base64')}`,
    );
  });
});

describe('parsePromNumber', () => {
  it.each([
    { raw: '1', expected: 1 },
    { raw: '0.25', expected: 0.25 },
    { raw: '-3', expected: -3 },
    { raw: '1e+06', expected: 1e6 },
    { raw: '2.5E-3', expected: 0.0025 },
    { raw: '+Inf', expected: Number.POSITIVE_INFINITY },
    { raw: '-Inf', expected: Number.NEGATIVE_INFINITY },
  ])('"$raw" → $expected', ({ raw, expected }) => {
    expect(parsePromNumber(raw)).toBe(expected);
  });

  it('"NaN" → NaN', () => {
    expect(parsePromNumber('NaN')).toBeNaN();
  });

  it.each(['', ' ', 'abc', '0x10', '1,5', 'Infinity'])('rejects "%s"', (raw) => {
    expect(() => parsePromNumber(raw)).toThrow(/is not a number/);
  });

  it.each([1, null, undefined])('rejects a non-string %s', (raw) => {
    expect(() => parsePromNumber(raw)).toThrow(/string-encoded/);
  });
});
