import { describe, expect, it } from 'vitest';
import type { HealthStatus } from '../src/graphql/generated/graphql.ts';
import { isFleetStatusStale, statusGlyph, statusLabel, statusTone } from '../src/lib/status.ts';

describe('statusTone', () => {
  it.each([
    ['HEALTHY', false, 'healthy'],
    ['DEGRADED', false, 'degraded'],
    ['DOWN', false, 'down'],
    ['UNKNOWN', false, 'unknown'],
    ['NOT_APPLICABLE', false, 'na'],
    ['HEALTHY', true, 'stale'],
    ['DOWN', true, 'stale'],
  ] as const)('%s (stale=%s) → %s', (status, stale, tone) => {
    expect(statusTone(status, stale)).toBe(tone);
  });

  it('gives every status a distinct label and glyph', () => {
    const all: HealthStatus[] = ['HEALTHY', 'DEGRADED', 'DOWN', 'UNKNOWN', 'NOT_APPLICABLE'];
    expect(new Set(all.map(statusLabel)).size).toBe(all.length);
    expect(new Set(all.map(statusGlyph)).size).toBe(all.length);
    expect(new Set(all.map((s) => statusTone(s, false))).size).toBe(all.length);
  });
});

describe('isFleetStatusStale', () => {
  it.each([
    ['HEALTHY', 0, 3, false],
    ['HEALTHY', 1, 3, true],
    ['DEGRADED', 1, 3, false],
    ['UNKNOWN', 2, 3, false],
    ['DEGRADED', 3, 3, true],
    ['HEALTHY', 0, 0, true],
  ] as const)('%s with %d of %d stale → %s', (status, stale, total, expected) => {
    expect(isFleetStatusStale(status, stale, total)).toBe(expected);
  });
});
