import type { JSX } from 'react';
import { usePools } from '../../graphql/use-pools.ts';
import { PoolsView } from './pools-view.tsx';

/** Route entry for `#/pools` (every cluster) and `#/clusters/:name/pools` (one), live. */
export function PoolsPage({
  cluster = null,
  kiosk = false,
}: {
  cluster?: string | null;
  kiosk?: boolean;
}): JSX.Element {
  return <PoolsView result={usePools()} cluster={cluster} kiosk={kiosk} />;
}
