import { useMemo } from 'react';
import { rootOf } from './boundary.ts';
import { PoolsHistoryDocument, type PoolsHistoryQuery } from './generated/graphql.ts';
import type { TypedOperation } from './operation.ts';
import { operation } from './operation.ts';
import { useTransport } from './transport-context.ts';
import { type PolledResult, usePolledQuery } from './use-polled-query.ts';

/** Pool history costs range queries and moves slowly: refresh it every few minutes. */
export const POOLS_HISTORY_POLL_INTERVAL_MS = 300_000;

export type PoolsHistory = PoolsHistoryQuery['gpuUsageHistory'];

export function poolsHistoryOperation(from: string, to: string): TypedOperation<PoolsHistoryQuery> {
  return operation(PoolsHistoryDocument, { from, to });
}

const historyOfQuery = (data: unknown): PoolsHistory => rootOf<PoolsHistory>(data, 'gpuUsageHistory');

/** Allocation vs use per pool over [from, to), polled. */
export function usePoolsHistory(from: string, to: string): PolledResult<PoolsHistory> {
  const query = useMemo(() => poolsHistoryOperation(from, to), [from, to]);
  return usePolledQuery({
    transport: useTransport(),
    operation: query,
    read: historyOfQuery,
    intervalMs: POOLS_HISTORY_POLL_INTERVAL_MS,
  });
}
