import type { Clock, SignalName } from '@fleetscope/types';
import { Inject, Injectable } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { CLOCK } from '../../config/tokens.ts';
import { type ConfiguredMetricsSource, METRICS_SOURCE } from '../../sources/metrics/tokens.ts';
import { ERROR_CODES } from '../guards/error-codes.ts';
import { IoLimiter } from '../guards/io-limiter.ts';
import type { RequestBudget } from '../guards/request-budget.ts';
import type { Series } from './models/control-plane.model.ts';

/** The signals charted for each control-plane part, main one first. */
export const COMPONENT_SIGNALS: Record<string, SignalName[]> = {
  read: ['read_p99_seconds', 'read_error_ratio'],
  write: ['write_p99_seconds', 'write_error_ratio'],
  admission: ['admission_webhook_p99_seconds'],
  watch: ['watch_terminated_watchers_per_second'],
  etcd: ['etcd_wal_fsync_p99_seconds', 'etcd_backend_commit_p99_seconds'],
  scheduler: ['scheduler_attempt_p99_seconds'],
  controllers: ['workqueue_depth'],
};

export function unitOf(signal: string): string {
  if (signal.endsWith('_seconds')) return 'seconds';
  if (signal.endsWith('_ratio')) return 'ratio';
  if (signal.endsWith('_per_second')) return 'per_second';
  if (signal.endsWith('_bytes')) return 'bytes';
  return 'count';
}

/**
 * Range queries behind `Query.clusterSeries` (and the deprecated `ComponentHealth.series`): history is
 * I/O, so it is fetched on demand, within the request's time budget and the server-wide I/O cap.
 */
@Injectable()
export class ControlPlaneService {
  constructor(
    @Inject(METRICS_SOURCE) private readonly metrics: ConfiguredMetricsSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly limiter: IoLimiter,
  ) {}

  async series(
    cluster: string,
    component: string,
    lastMinutes: number,
    budget: RequestBudget,
  ): Promise<Series[]> {
    if (!Number.isInteger(lastMinutes) || lastMinutes < 1 || lastMinutes > 1440) {
      throw new GraphQLError(`range.lastMinutes must be an integer from 1 to 1440, got ${lastMinutes}`, {
        extensions: { code: ERROR_CODES.BAD_USER_INPUT },
      });
    }
    return this.limiter.run(budget.deadline, () => this.fetch(cluster, component, lastMinutes));
  }

  private async fetch(cluster: string, component: string, lastMinutes: number): Promise<Series[]> {
    const signals = COMPONENT_SIGNALS[component] ?? [];
    const end = this.clock.now();
    const range = { start: end - lastMinutes * 60_000, end, stepSeconds: 15 };
    const source = this.metrics;
    return Promise.all(
      signals.map(async (signal): Promise<Series[]> => {
        if (!source?.series) {
          return [
            { signal, unit: unitOf(signal), labels: [], points: [], error: 'no metrics source configured' },
          ];
        }
        const result = await source.series(cluster, signal, range);
        if (result.error !== null || result.lines.length === 0) {
          return [{ signal, unit: unitOf(signal), labels: [], points: [], error: result.error }];
        }
        return result.lines.map((line) => ({
          signal,
          unit: unitOf(signal),
          labels: Object.entries(line.labels).map(([name, value]) => ({ name, value })),
          points: line.points.map((p) => ({ t: new Date(p.t), v: p.v })),
          error: null,
        }));
      }),
    ).then((groups) => groups.flat());
  }
}
