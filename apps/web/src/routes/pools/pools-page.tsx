import type { JSX } from 'react';
import { usePools } from '../../graphql/use-pools.ts';
import { useDataRenderedMark } from '../../lib/view-marks.ts';
import { PoolsView } from './pools-view.tsx';

/** Route entry for `#/pools` (every cluster) and `#/clusters/:name/pools` (one), live. */
export function PoolsPage({
  cluster = null,
  kiosk = false,
}: {
  cluster?: string | null;
  kiosk?: boolean;
}): JSX.Element {
  const result = usePools();
  useDataRenderedMark('pools', result.data !== null);
  return <PoolsView result={result} cluster={cluster} kiosk={kiosk} />;
}
