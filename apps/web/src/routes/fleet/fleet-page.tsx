import type { JSX } from 'react';
import { useFleet } from '../../graphql/use-fleet.ts';
import { useDataRenderedMark } from '../../lib/view-marks.ts';
import { FleetView } from './fleet-view.tsx';

/** Route entry for `#/`: the fleet overview, live. */
export function FleetPage({ kiosk = false }: { kiosk?: boolean }): JSX.Element {
  const result = useFleet();
  useDataRenderedMark('fleet', result.data !== null);
  return <FleetView result={result} kiosk={kiosk} />;
}
