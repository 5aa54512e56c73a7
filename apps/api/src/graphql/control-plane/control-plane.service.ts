import type { Clock, SignalName } from '@fleetscope/types';
import { Inject, Injectable } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { CLOCK } from '../../config/tokens.ts';
import { type ConfiguredMetricsSource, METRICS_SOURCE } from '../../sources/metrics/tokens.ts';
import { ERROR_CODES } from '../guards/error-codes.ts';
import { IoLimiter } from '../guards/io-limiter.ts';
import type { RequestBudget } from '../guards/request-budget.ts';
import { chartedSignals, primarySignal, unitOf } from './chart-signals.ts';
import type { Series } from './models/control-plane.model.ts';

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
    const lines = await this.lines(cluster, chartedSignals(component), lastMinutes);
    const primary = primarySignal(component, lines);
    return lines.map((line) => ({ ...line, primary: line.signal === primary }));
  }

  private async lines(
    cluster: string,
    signals: readonly SignalName[],
    lastMinutes: number,
  ): Promise<Omit<Series, 'primary'>[]> {
    const end = this.clock.now();
    const range = { start: end - lastMinutes * 60_000, end, stepSeconds: 15 };
    const source = this.metrics;
    return Promise.all(
      signals.map(async (signal): Promise<Omit<Series, 'primary'>[]> => {
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
