import { HEALTH_STATUSES, PLANES, SCOPES, SEVERITIES } from '@fleetscope/types';
import { registerEnumType } from '@nestjs/graphql';

const asEnum = <T extends string>(values: readonly T[]): Record<T, T> =>
  Object.fromEntries(values.map((v) => [v, v])) as Record<T, T>;

export const HealthStatusEnum = asEnum(HEALTH_STATUSES);
registerEnumType(HealthStatusEnum, {
  name: 'HealthStatus',
  description: 'UNKNOWN means the inputs are missing or stale: it is never folded into HEALTHY.',
  valuesMap: {
    HEALTHY: { description: 'Inputs are fresh and within thresholds.' },
    DEGRADED: { description: 'Working, with impairment named in the summary.' },
    DOWN: { description: 'Not working.' },
    UNKNOWN: { description: 'Inputs missing, stale or forbidden.' },
    NOT_APPLICABLE: {
      description: 'Not observable or not configured here (e.g. etcd on a managed cluster).',
    },
  },
});

export const WatchStateEnum = asEnum(['CONNECTING', 'SYNCED', 'RETRYING', 'FORBIDDEN'] as const);
registerEnumType(WatchStateEnum, {
  name: 'WatchState',
  valuesMap: {
    CONNECTING: { description: 'Never listed yet.' },
    SYNCED: { description: 'Listed and watching.' },
    RETRYING: { description: 'The watch failed; retrying with backoff.' },
    FORBIDDEN: { description: 'Not allowed to list/watch (401/403): data UNKNOWN, not empty.' },
  },
});

export const SeverityEnum = asEnum(SEVERITIES);
registerEnumType(SeverityEnum, {
  name: 'Severity',
  description: 'How much a finding matters, in order: INFO < WARNING < CRITICAL.',
});

export const PlaneEnum = asEnum(PLANES);
registerEnumType(PlaneEnum, {
  name: 'Plane',
  description: 'CONTROL: can changes be made and observed. DATA: are workloads serving.',
});

export const ScopeEnum = asEnum(SCOPES);
registerEnumType(ScopeEnum, {
  name: 'Scope',
  description: 'How far a finding reaches: one pod, one node, one pool, one cluster, or the whole fleet.',
});
