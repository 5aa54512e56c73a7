/**
 * Small, safe readers for raw Kubernetes JSON. Each reader validates one field and throws a
 * {@link FieldError} naming the exact path on bad input; the per-kind projectors catch it at the
 * boundary and turn it into a {@link ProjectionResult} error, so the public API never throws.
 *
 * Convention: a field that is absent (undefined) or null takes its default; a field that is present
 * with the wrong type is an error (a real API server never sends one, so it means a broken input).
 * Paths are only built when an error is raised: these readers sit on the ingest hot path.
 */

export type JsonObject = Record<string, unknown>;

/** A malformed field; `message` is the path and the problem, without the object's name. */
export class FieldError extends Error {
  override name = 'FieldError';
}

/** Throws a {@link FieldError}; typed `never` so callers can use it in expressions. */
export function fail(message: string): never {
  throw new FieldError(message);
}

/** True for a plain JSON object (not null, not an array). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Short, quoted description of a bad value for error messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 60)}…` : value}'`;
  return String(value);
}

/** `parent.key`, or `key` at the root. */
export function fieldPath(parentPath: string, key: string): string {
  return parentPath === '' ? key : `${parentPath}.${key}`;
}

/** Object at `parent[key]`; undefined when absent or null. */
export function optionalObject(parent: JsonObject, key: string, path: string): JsonObject | undefined {
  const value = parent[key];
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) return fail(`${fieldPath(path, key)} is not an object: ${describeValue(value)}`);
  return value;
}

/** Array at `parent[key]`; empty when absent or null. */
export function optionalArray(parent: JsonObject, key: string, path: string): readonly unknown[] {
  const value = parent[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return fail(`${fieldPath(path, key)} is not an array: ${describeValue(value)}`);
  return value;
}

/** Array element that must be an object. */
export function elementObject(value: unknown, path: string, index: number): JsonObject {
  if (!isObject(value)) return fail(`${path}[${index}] is not an object: ${describeValue(value)}`);
  return value;
}

/** Non-empty string at `parent[key]`; "missing" when absent, null or empty. */
export function requiredString(parent: JsonObject, key: string, path: string): string {
  const value = parent[key];
  if (value === undefined || value === null || value === '') return fail(`${fieldPath(path, key)} missing`);
  if (typeof value !== 'string')
    return fail(`${fieldPath(path, key)} is not a string: ${describeValue(value)}`);
  return value;
}

/** String at `parent[key]`, or `fallback` when absent or null. */
export function optionalString(parent: JsonObject, key: string, path: string, fallback = ''): string {
  const value = parent[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string')
    return fail(`${fieldPath(path, key)} is not a string: ${describeValue(value)}`);
  return value;
}

/** Boolean at `parent[key]`, or `fallback` when absent or null. */
export function optionalBoolean(parent: JsonObject, key: string, path: string, fallback = false): boolean {
  const value = parent[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean')
    return fail(`${fieldPath(path, key)} is not a boolean: ${describeValue(value)}`);
  return value;
}

/** Integer at `parent[key]`, or `fallback` when absent or null (Kubernetes int32/int64 fields). */
export function optionalInteger(parent: JsonObject, key: string, path: string, fallback = 0): number {
  const value = parent[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    return fail(`${fieldPath(path, key)} is not an integer: ${describeValue(value)}`);
  }
  return value;
}

/** Like {@link optionalInteger} but null when absent (e.g. an exit code that was never reported). */
export function nullableInteger(parent: JsonObject, key: string, path: string): number | null {
  const value = parent[key];
  if (value === undefined || value === null) return null;
  return optionalInteger(parent, key, path);
}

/**
 * Copy of a string→string map (labels, selectors, annotations). Always a fresh object so the
 * record holds no reference into the raw JSON; `__proto__` keys are dropped (never a valid label).
 */
export function stringMap(parent: JsonObject, key: string, path: string): Record<string, string> {
  const source = optionalObject(parent, key, path);
  const copy: Record<string, string> = {};
  if (source === undefined) return copy;
  for (const name of Object.keys(source)) {
    const value = source[name];
    if (typeof value !== 'string') {
      return fail(`${fieldPath(path, key)}[${name}] is not a string: ${describeValue(value)}`);
    }
    if (name !== '__proto__') copy[name] = value;
  }
  return copy;
}

/** One string entry of a map (a label or annotation value); "" when absent. */
export function mapEntryString(map: JsonObject, key: string, path: string): string {
  const value = map[key];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') return fail(`${path}[${key}] is not a string: ${describeValue(value)}`);
  return value;
}

// RFC 3339 as Kubernetes writes it: metav1.Time (seconds) and metav1.MicroTime (fraction).
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Parses an RFC 3339 timestamp to epoch ms; null when the text is not one. */
export function parseTimestamp(text: string): number | null {
  if (!RFC3339.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}

/** Timestamp at `parent[key]` as epoch ms; null when absent, null or "" (Go's zero time marshals as null). */
export function optionalTime(parent: JsonObject, key: string, path: string): number | null {
  const value = parent[key];
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string')
    return fail(`${fieldPath(path, key)} is not a timestamp: ${describeValue(value)}`);
  const ms = parseTimestamp(value);
  if (ms === null) return fail(`${fieldPath(path, key)} is not a timestamp: ${describeValue(value)}`);
  return ms;
}

const BINARY_SUFFIX: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL_SUFFIX: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};
// Exponent form is tried before the lone "E" (exa) suffix, as apimachinery does: "1E3" is 1000.
const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;

/**
 * Parses a Kubernetes resource.Quantity ("8", "1k", "500m", "64Gi", "1e3") to a number;
 * null when the text is not a quantity. JSON numbers are accepted too (hand-written manifests).
 */
export function parseQuantity(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const match = QUANTITY.exec(value.trim());
  if (match === null) return null;
  const [, digits = '', exponent, suffix = ''] = match;
  const base = Number(digits);
  if (!Number.isFinite(base)) return null;
  if (exponent !== undefined) return base * 10 ** Number(exponent.slice(1));
  const multiplier = BINARY_SUFFIX[suffix] ?? DECIMAL_SUFFIX[suffix];
  return multiplier === undefined ? null : base * multiplier;
}

/**
 * Whole-device count of an extended resource (GPUs, MIG slices, shared GPUs). The API server
 * rejects fractional extended resources, so a fraction here means a malformed object.
 */
export function deviceCount(value: unknown, path: string): number {
  const parsed = parseQuantity(value);
  if (parsed === null) return fail(`${path} is not a quantity: ${describeValue(value)}`);
  const rounded = Math.round(parsed);
  // Tolerate float noise from suffix arithmetic ("0.1k"), not real fractions ("500m").
  if (Math.abs(parsed - rounded) > 1e-9 || rounded < 0) {
    return fail(`${path} is not a whole, non-negative device count: ${describeValue(value)}`);
  }
  return rounded;
}

/**
 * A quantity in thousandths, rounded up as apimachinery's MilliValue does ("100m" cpu → 100,
 * "0.5" → 500, "1" → 1000); null when the value is not a quantity or is negative.
 */
export function milliQuantity(value: unknown): number | null {
  const parsed = parseQuantity(value);
  if (parsed === null || parsed < 0) return null;
  // Float noise from suffix arithmetic ("0.1k" → 100.00000000000001) must not round up a whole value.
  const scaled = parsed * 1000;
  const near = Math.round(scaled);
  return Math.abs(scaled - near) <= 1e-12 * Math.max(1, Math.abs(near)) ? near : Math.ceil(scaled);
}

/**
 * A quantity as a whole number, rounded up as apimachinery's Value does ("1Gi" → 1073741824,
 * "500m" → 1); null when the value is not a quantity or is negative.
 */
export function wholeQuantity(value: unknown): number | null {
  const parsed = parseQuantity(value);
  if (parsed === null || parsed < 0) return null;
  const near = Math.round(parsed);
  return Math.abs(parsed - near) <= 1e-12 * Math.max(1, Math.abs(near)) ? near : Math.ceil(parsed);
}
