import { type JSX, useState } from 'react';
import { usePools } from '../../graphql/use-pools.ts';
import { usePoolsHistory } from '../../graphql/use-pools-history.ts';
import { rangeEndingAt } from '../../lib/gpu-usage.ts';
import { useDataRenderedMark } from '../../lib/view-marks.ts';
import { POOL_HISTORY_HOURS } from './pool-history.tsx';
import { PoolsView } from './pools-view.tsx';

/** The page with each pool's reserved vs busy over time (history is asked for only here, not on a wall). */
function PoolsWithHistory({ cluster }: { cluster: string | null }): JSX.Element {
  // The range is fixed when the page opens; the history is re-polled every few minutes.
  const [span] = useState(() => rangeEndingAt(Date.now(), POOL_HISTORY_HOURS));
  const history = usePoolsHistory(span.from, span.to);
  const result = usePools();
  useDataRenderedMark('pools', result.data !== null);
  return <PoolsView result={result} cluster={cluster} history={history} />;
}

/** Route entry for `#/pools` (every cluster) and `#/clusters/:name/pools` (one), live. */
export function PoolsPage({
  cluster = null,
  kiosk = false,
}: {
  cluster?: string | null;
  kiosk?: boolean;
}): JSX.Element {
  return kiosk ? <KioskPools cluster={cluster} /> : <PoolsWithHistory cluster={cluster} />;
}

function KioskPools({ cluster }: { cluster: string | null }): JSX.Element {
  const result = usePools();
  useDataRenderedMark('pools', result.data !== null);
  return <PoolsView result={result} cluster={cluster} kiosk />;
}
