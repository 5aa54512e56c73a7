import type { JSX } from 'react';
import { useFleet } from '../../graphql/use-fleet.ts';
import { FleetView } from './fleet-view.tsx';

/** Route entry for `#/`: the fleet overview, live. */
export function FleetPage({ kiosk = false }: { kiosk?: boolean }): JSX.Element {
  return <FleetView result={useFleet()} kiosk={kiosk} />;
}
