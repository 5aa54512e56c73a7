import { decodeFleetChangedData, decodeFleetViewData } from './decode-fleet.ts';
import fleetOperations from './fleet.graphql?raw';
import sharedFragments from './fragments.graphql?raw';
import type { FleetOverviewFragment } from './generated.ts';
import type { Operation } from './transport.ts';
import { useTransport } from './transport-context.ts';
import { type LiveResult, useLiveQuery } from './use-live-query.ts';

// The shared fragments travel with the operations that spread them (GraphQL has no imports).
const fleetDocument = `${fleetOperations}\n${sharedFragments}`;

export const FLEET_VIEW: Operation = { document: fleetDocument, operationName: 'FleetView' };
export const FLEET_CHANGED: Operation = { document: fleetDocument, operationName: 'FleetChanged' };

/** The fleet overview, live: query first, then `fleetChanged` pushes; polled every 10 s without a socket. */
export function useFleet(): LiveResult<FleetOverviewFragment> {
  return useLiveQuery({
    transport: useTransport(),
    query: FLEET_VIEW,
    subscription: FLEET_CHANGED,
    decodeQuery: decodeFleetViewData,
    decodeSubscription: decodeFleetChangedData,
  });
}
