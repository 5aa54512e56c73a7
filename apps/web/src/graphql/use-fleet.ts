import { stampOf } from './answers.ts';
import { rootOf } from './boundary.ts';
import { FleetChangedDocument, type FleetOverviewFragment, FleetViewDocument } from './generated/graphql.ts';
import { operation } from './operation.ts';
import { useTransport } from './transport-context.ts';
import { type LiveResult, useLiveQuery } from './use-live-query.ts';

export const FLEET_VIEW = operation(FleetViewDocument);
export const FLEET_CHANGED = operation(FleetChangedDocument);

/** The fleet inside a FleetView answer. */
export const fleetOfQuery = (data: unknown): FleetOverviewFragment => rootOf(data, 'fleet');
/** The fleet inside a FleetChanged push. */
export const fleetOfPush = (data: unknown): FleetOverviewFragment => rootOf(data, 'fleetChanged');
/** A fleet answer is placed by its snapshot version and generatedAt. */
const fleetStamp = (fleet: FleetOverviewFragment) => stampOf(fleet);

/** The fleet overview, live: query first, then `fleetChanged` pushes; polled every 10 s without a socket. */
export function useFleet(): LiveResult<FleetOverviewFragment> {
  return useLiveQuery({
    transport: useTransport(),
    query: FLEET_VIEW,
    subscription: FLEET_CHANGED,
    fromQuery: fleetOfQuery,
    fromSubscription: fleetOfPush,
    stamp: fleetStamp,
  });
}
