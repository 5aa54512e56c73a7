/**
 * Parsing and validation of Prometheus HTTP API bodies (`/api/v1/query`, `/api/v1/query_range`).
 * Nothing from the wire is trusted: every field is checked before it becomes a typed value.
 */

export interface InstantSeries {
  metric: Record<string, string>;
  /** May be NaN or ±Infinity: deciding what those mean is the caller's job. */
  value: number;
  timestampMs: number;
}

export interface RangePoint {
  /** Epoch ms. */
  t: number;
  v: number;
}

export interface RangeSeries {
  metric: Record<string, string>;
  points: RangePoint[];
}

export type QueryData =
  | { resultType: 'vector'; result: InstantSeries[] }
  | { resultType: 'matrix'; result: RangeSeries[] }
  | { resultType: 'scalar'; result: { value: number; timestampMs: number } };

/** A body that parsed as JSON but is not what the Prometheus API promises. */
export class ResponseShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResponseShapeError';
  }
}

/** The envelope: success with data, or Prometheus' own error report (`errorType`, `error`). */
export type QueryEnvelope =
  | { status: 'success'; data: QueryData; warnings: string[] }
  | { status: 'error'; errorType: string; error: string };

export function parseEnvelope(body: unknown): QueryEnvelope {
  if (!isRecord(body)) throw new ResponseShapeError('response is not a JSON object');
  if (body.status === 'error') {
    return {
      status: 'error',
      errorType: typeof body.errorType === 'string' ? body.errorType : 'error',
      error: typeof body.error === 'string' ? body.error : 'unspecified error',
    };
  }
  if (body.status !== 'success') {
    throw new ResponseShapeError(
      `response status is ${describe(body.status)}, expected "success" or "error"`,
    );
  }
  const warnings = Array.isArray(body.warnings)
    ? body.warnings.filter((w): w is string => typeof w === 'string')
    : [];
  return { status: 'success', data: parseData(body.data), warnings };
}

function parseData(data: unknown): QueryData {
  if (!isRecord(data)) throw new ResponseShapeError('response has no "data" object');
  const { resultType, result } = data;
  switch (resultType) {
    case 'vector':
      return { resultType, result: asArray(result, 'vector result').map(parseInstantSeries) };
    case 'matrix':
      return { resultType, result: asArray(result, 'matrix result').map(parseRangeSeries) };
    case 'scalar': {
      const [timestampMs, value] = parsePair(result, 'scalar result');
      return { resultType, result: { value, timestampMs } };
    }
    default:
      throw new ResponseShapeError(
        `unsupported resultType ${describe(resultType)} (expected vector, matrix or scalar)`,
      );
  }
}

function parseInstantSeries(raw: unknown, index: number): InstantSeries {
  if (!isRecord(raw)) throw new ResponseShapeError(`vector element ${index} is not an object`);
  const metric = parseMetric(raw.metric, index);
  const [timestampMs, value] = parsePair(raw.value, `vector element ${index} value`);
  return { metric, value, timestampMs };
}

function parseRangeSeries(raw: unknown, index: number): RangeSeries {
  if (!isRecord(raw)) throw new ResponseShapeError(`matrix element ${index} is not an object`);
  const metric = parseMetric(raw.metric, index);
  const points = asArray(raw.values, `matrix element ${index} values`).map((pair, i) => {
    const [t, v] = parsePair(pair, `matrix element ${index} value ${i}`);
    return { t, v };
  });
  return { metric, points };
}

function parseMetric(raw: unknown, index: number): Record<string, string> {
  if (!isRecord(raw)) throw new ResponseShapeError(`element ${index} has no "metric" object`);
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string')
      throw new ResponseShapeError(`label ${key} of element ${index} is not a string`);
    labels[key] = value;
  }
  return labels;
}

/** `[<unix seconds>, "<value>"]` → [epoch ms, number]. */
function parsePair(raw: unknown, what: string): [number, number] {
  if (!Array.isArray(raw) || raw.length !== 2) {
    throw new ResponseShapeError(`${what} is not a [timestamp, "value"] pair`);
  }
  const [ts, value] = raw as [unknown, unknown];
  if (typeof ts !== 'number' || !Number.isFinite(ts)) {
    throw new ResponseShapeError(`${what} has a non-numeric timestamp`);
  }
  return [Math.round(ts * 1000), parsePromNumber(value, what)];
}

/**
 * Prometheus sends sample values as strings so it can say "NaN", "+Inf" and "-Inf", which JSON cannot.
 * Those become NaN / ±Infinity here; anything else that is not a number is a malformed response.
 */
export function parsePromNumber(raw: unknown, what = 'value'): number {
  if (typeof raw !== 'string') throw new ResponseShapeError(`${what} is not a string-encoded number`);
  switch (raw) {
    case 'NaN':
      return Number.NaN;
    case '+Inf':
    case 'Inf':
      return Number.POSITIVE_INFINITY;
    case '-Inf':
      return Number.NEGATIVE_INFINITY;
  }
  const n = Number(raw);
  // Number('') is 0 and Number('0x1f') parses: accept only what Prometheus' float formatting produces.
  if (raw.trim() === '' || Number.isNaN(n) || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw)) {
    throw new ResponseShapeError(`${what} "${raw.slice(0, 40)}" is not a number`);
  }
  return n;
}

function asArray(raw: unknown, what: string): unknown[] {
  if (!Array.isArray(raw)) throw new ResponseShapeError(`${what} is not an array`);
  return raw;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  return value === undefined ? 'missing' : JSON.stringify(value).slice(0, 40);
}
