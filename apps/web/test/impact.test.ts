import { describe, expect, it } from 'vitest';
import type { HealthStatus } from '../src/graphql/generated/graphql.ts';
import { type ImpactFlagState, impactFlagState, impactFlagText } from '../src/lib/impact.ts';

describe('impactFlagState / impactFlagText', () => {
  it.each<[boolean, HealthStatus, boolean, ImpactFlagState, string]>([
    [true, 'DEGRADED', false, 'impaired', 'impaired'],
    [true, 'DOWN', false, 'impaired', 'impaired'],
    [false, 'DEGRADED', false, 'ok', 'OK'],
    [false, 'HEALTHY', false, 'ok', 'OK'],
    // An unknown control plane cannot vouch for a path.
    [false, 'UNKNOWN', false, 'unknown', 'unknown'],
    [false, 'NOT_APPLICABLE', false, 'unknown', 'unknown'],
    [true, 'UNKNOWN', false, 'impaired', 'impaired'],
    // Stale data is old news, whatever it says.
    [false, 'HEALTHY', true, 'stale', 'STALE (last: OK)'],
    [true, 'DEGRADED', true, 'stale', 'STALE (last: impaired)'],
  ])('impaired=%s status=%s stale=%s → %s', (impaired, status, stale, state, text) => {
    expect(impactFlagState(impaired, status, stale)).toBe(state);
    expect(impactFlagText(state, impaired)).toBe(text);
  });
});
