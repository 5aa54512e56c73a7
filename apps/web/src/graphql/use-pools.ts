import { stampOf } from './answers.ts';
import { rootOf } from './boundary.ts';
import {
  type PoolFieldsFragment,
  PoolsChangedDocument,
  type PoolsFleetFragment,
  PoolsViewDocument,
} from './generated/graphql.ts';
import { operation } from './operation.ts';
import { useTransport } from './transport-context.ts';
import { type LiveResult, useLiveQuery } from './use-live-query.ts';

export const POOLS_VIEW = operation(PoolsViewDocument);
export const POOLS_CHANGED = operation(PoolsChangedDocument);

export type GpuPoolData = PoolFieldsFragment;
export type GpuHeatmapData = NonNullable<PoolFieldsFragment['heatmap']>;

/** The fleet inside a PoolsView answer. */
export const poolsOfQuery = (data: unknown): PoolsFleetFragment => rootOf(data, 'fleet');
/** The fleet inside a PoolsChanged push. */
export const poolsOfPush = (data: unknown): PoolsFleetFragment => rootOf(data, 'fleetChanged');
const poolsStamp = (fleet: PoolsFleetFragment) => stampOf(fleet);

/**
 * Every cluster's GPU pools with the freshness of the same snapshot, live: the query first, then a
 * `fleetChanged` push of the same selection (polled every 10 s while the socket is down).
 */
export function usePools(): LiveResult<PoolsFleetFragment> {
  return useLiveQuery({
    transport: useTransport(),
    query: POOLS_VIEW,
    subscription: POOLS_CHANGED,
    fromQuery: poolsOfQuery,
    fromSubscription: poolsOfPush,
    stamp: poolsStamp,
  });
}
