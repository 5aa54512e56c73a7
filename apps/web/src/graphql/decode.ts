/**
 * Small validating decoders for API payloads. The API is typed, but the wire is not: a proxy error page,
 * a half-deployed API or a schema change must surface as a clear error, not as `undefined` in a tile.
 */

/** Thrown when a payload does not have the expected shape; `path` says where. */
export class DecodeError extends Error {
  readonly path: string;

  constructor(path: string, expected: string, value: unknown) {
    super(`${path}: expected ${expected}, got ${value === null ? 'null' : typeof value}`);
    this.name = 'DecodeError';
    this.path = path;
  }
}

export function record(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DecodeError(path, 'an object', value);
  }
  return value as Record<string, unknown>;
}

export function string(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new DecodeError(path, 'a string', value);
  return value;
}

export function boolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') throw new DecodeError(path, 'a boolean', value);
  return value;
}

export function number(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new DecodeError(path, 'a number', value);
  return value;
}

export function integer(value: unknown, path: string): number {
  const n = number(value, path);
  if (!Number.isInteger(n)) throw new DecodeError(path, 'an integer', value);
  return n;
}

export function nullable<T>(decode: (value: unknown, path: string) => T) {
  return (value: unknown, path: string): T | null =>
    value === null || value === undefined ? null : decode(value, path);
}

export function array<T>(value: unknown, path: string, decode: (item: unknown, path: string) => T): T[] {
  if (!Array.isArray(value)) throw new DecodeError(path, 'a list', value);
  return value.map((item, i) => decode(item, `${path}[${i}]`));
}

/**
 * A string enum. Values this build does not know (the schema may grow) map to `fallback` instead of
 * failing, so a newer API never blanks the wall — the fallback must be the cautious choice.
 */
export function oneOf<T extends string>(allowed: readonly T[], fallback: T) {
  return (value: unknown, path: string): T => {
    const s = string(value, path);
    return (allowed as readonly string[]).includes(s) ? (s as T) : fallback;
  };
}
