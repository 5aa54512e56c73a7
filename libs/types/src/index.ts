export * from './clock.ts';
export * from './control-plane.ts';
export * from './finding.ts';
export * from './fleet.ts';
export * from './freshness.ts';
export * from './health.ts';
export * from './projections.ts';
export * from './signals.ts';
