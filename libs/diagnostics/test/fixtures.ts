import { readFileSync } from 'node:fs';

/** A fixture parsed as the API server's JSON would be: `unknown` until projected. */
export function loadFixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
}

/** A fixture as a mutable object, for tests that break one field. */
export function loadFixtureObject(name: string): Record<string, unknown> {
  const value = loadFixture(name);
  if (!isRecord(value)) throw new Error(`fixture ${name} is not an object`);
  return value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
