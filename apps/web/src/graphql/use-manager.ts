import { useMemo } from 'react';
import { rootsOf } from './boundary.ts';
import { type GpuHistoryGroupBy, ManagerViewDocument, type ManagerViewQuery } from './generated/graphql.ts';
import type { TypedOperation } from './operation.ts';
import { operation } from './operation.ts';
import { useTransport } from './transport-context.ts';
import { type PolledResult, usePolledQuery } from './use-polled-query.ts';

/** History moves slowly and costs range queries: refresh it every few minutes. */
export const MANAGER_POLL_INTERVAL_MS = 300_000;

export function managerViewOperation(
  from: string,
  to: string,
  groupBy: GpuHistoryGroupBy,
): TypedOperation<ManagerViewQuery> {
  return operation(ManagerViewDocument, { from, to, groupBy });
}

const managerOfQuery = (data: unknown): ManagerViewQuery =>
  rootsOf<ManagerViewQuery>(data, ['fleet', 'gpuUsageHistory']);

/** GPU usage history over [from, to) split by `groupBy`, and today's allocation, polled. */
export function useManager(
  from: string,
  to: string,
  groupBy: GpuHistoryGroupBy,
): PolledResult<ManagerViewQuery> {
  const query = useMemo(() => managerViewOperation(from, to, groupBy), [from, to, groupBy]);
  return usePolledQuery({
    transport: useTransport(),
    operation: query,
    read: managerOfQuery,
    intervalMs: MANAGER_POLL_INTERVAL_MS,
  });
}
