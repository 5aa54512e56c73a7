import { useMemo } from 'react';
import { stampOf } from './answers.ts';
import { rootOf } from './boundary.ts';
import {
  type ClusterRolloutsFragment,
  RolloutsChangedDocument,
  RolloutsViewDocument,
} from './generated/graphql.ts';
import { operation } from './operation.ts';
import { useTransport } from './transport-context.ts';
import { type LiveResult, useLiveQuery } from './use-live-query.ts';

export type RolloutRow = NonNullable<ClusterRolloutsFragment['rollouts']>[number];

/** The answer to "show the rollouts of cluster X": null when the API does not watch a cluster by that name. */
export interface RolloutsLookup {
  cluster: ClusterRolloutsFragment | null;
}

export function rolloutsViewOperation(name: string) {
  return operation(RolloutsViewDocument, { name });
}

export function rolloutsChangedOperation(name: string) {
  return operation(RolloutsChangedDocument, { name });
}

const rolloutsOfQuery = (data: unknown): RolloutsLookup => ({
  cluster: rootOf<ClusterRolloutsFragment | null>(data, 'cluster', true),
});
const rolloutsOfPush = (data: unknown): RolloutsLookup => ({
  cluster: rootOf<ClusterRolloutsFragment>(data, 'clusterChanged'),
});
const rolloutsStamp = (lookup: RolloutsLookup) => stampOf(lookup.cluster);

/** One cluster's unfinished rollouts, live: the query, then `clusterChanged` pushes of the same selection. */
export function useRollouts(name: string): LiveResult<RolloutsLookup> {
  const query = useMemo(() => rolloutsViewOperation(name), [name]);
  const subscription = useMemo(() => rolloutsChangedOperation(name), [name]);
  return useLiveQuery({
    transport: useTransport(),
    query,
    subscription,
    fromQuery: rolloutsOfQuery,
    fromSubscription: rolloutsOfPush,
    stamp: rolloutsStamp,
  });
}
