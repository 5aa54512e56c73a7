import type { JSX } from 'react';
import type { PolledResult } from '../../graphql/use-polled-query.ts';
import type { PoolsHistory } from '../../graphql/use-pools-history.ts';
import { UsageChart } from '../manager/usage-chart.tsx';

/** Hours of history the Pools view charts (the Manager view has the longer ranges). */
export const POOL_HISTORY_HOURS = 24;

export type PoolHistoryState =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'unavailable'; message: string }
  | { kind: 'none' }
  | {
      kind: 'chart';
      times: readonly string[];
      stepSeconds: number;
      series: PoolsHistory['clusters'][number]['groups'][number]['series'];
    };

/** What the pool's history section shows: the series of this pool in this cluster, or why there is none. */
export function poolHistoryState(
  result: PolledResult<PoolsHistory> | null,
  cluster: string,
  pool: string,
): PoolHistoryState {
  if (result === null || (result.data === null && result.error === null)) return { kind: 'loading' };
  if (result.data === null) return { kind: 'error', message: result.error?.message ?? 'no answer' };
  const c = result.data.clusters.find((x) => x.cluster === cluster);
  if (c === undefined) return { kind: 'none' };
  if (c.unavailable === 'NO_PROMETHEUS') {
    return {
      kind: 'unavailable',
      message: 'Allocation vs use over time needs Prometheus; none is configured for this cluster.',
    };
  }
  if (c.unavailable !== null) {
    return {
      kind: 'unavailable',
      message: `Prometheus did not answer (${c.unavailableReason ?? 'no reason given'}).`,
    };
  }
  const group = c.groups.find((g) => g.key === pool);
  if (group === undefined || group.series.allocated.every((v) => v === null)) return { kind: 'none' };
  return {
    kind: 'chart',
    times: result.data.times,
    stepSeconds: result.data.stepSeconds,
    series: group.series,
  };
}

/**
 * One pool's GPUs reserved by workloads vs really busy over the last day (Recharts), from
 * `Query.gpuUsageHistory` grouped by pool. Steps Prometheus does not cover are gaps, never zero.
 */
export function PoolHistory({
  result,
  cluster,
  pool,
}: {
  result: PolledResult<PoolsHistory> | null;
  cluster: string;
  pool: string;
}): JSX.Element {
  const state = poolHistoryState(result, cluster, pool);
  return (
    <section className="pool-panel" data-testid="pool-history" data-state={state.kind}>
      <h4>Reserved vs busy, last {POOL_HISTORY_HOURS} hours</h4>
      {state.kind === 'chart' ? (
        <UsageChart
          times={state.times}
          series={state.series}
          stepSeconds={state.stepSeconds}
          description={`GPUs of pool ${pool} reserved by workloads and actually busy over the last ${POOL_HISTORY_HOURS} hours; gaps are times without data.`}
        />
      ) : (
        <p className="pool-panel__empty">
          {state.kind === 'loading'
            ? 'Loading history…'
            : state.kind === 'none'
              ? `No allocation history for this pool in the last ${POOL_HISTORY_HOURS} hours.`
              : state.message}
        </p>
      )}
    </section>
  );
}
