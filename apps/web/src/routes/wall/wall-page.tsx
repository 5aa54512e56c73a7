import { type JSX, useEffect, useState } from 'react';
import { useFleet } from '../../graphql/use-fleet.ts';
import { usePools } from '../../graphql/use-pools.ts';
import { useFindingHistory, useTriage } from '../../graphql/use-triage.ts';
import { useClockValue } from '../../lib/clock.ts';
import { FleetView } from '../fleet/fleet-view.tsx';
import { PoolsView } from '../pools/pools-view.tsx';
import { TriageView } from '../triage/triage-view.tsx';

/** The wall's pages, in rotation order. */
export const WALL_PAGES = ['fleet', 'pools', 'triage'] as const;
export type WallPageName = (typeof WALL_PAGES)[number];

const TITLES: Record<WallPageName, string> = { fleet: 'Fleet', pools: 'GPU pools', triage: 'Triage' };

/**
 * The wall (`/wall`, `#/wall`): fleet → GPU pools → triage in rotation every `rotateSeconds`. Every
 * feed stays subscribed the whole time, so the page rotated to is current at once and "new" findings
 * are counted while triage is not on screen.
 */
export function WallPage({ rotateSeconds }: { rotateSeconds: number }): JSX.Element {
  const fleet = useFleet();
  const pools = usePools();
  const triage = useTriage();
  const history = useFindingHistory(triage.data, triage.receivedAt);
  const [index, setIndex] = useState(0);
  const [since, setSince] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => {
      setIndex((i) => (i + 1) % WALL_PAGES.length);
      setSince(Date.now());
    }, rotateSeconds * 1000);
    return () => clearInterval(timer);
  }, [rotateSeconds]);
  const page = WALL_PAGES[index] ?? 'fleet';
  const next = WALL_PAGES[(index + 1) % WALL_PAGES.length] ?? 'fleet';
  const left = useClockValue((nowMs) => Math.max(0, Math.ceil(rotateSeconds - (nowMs - since) / 1000)));
  return (
    <div className="wall" data-testid="wall" data-page={page}>
      {page === 'fleet' ? (
        <FleetView result={fleet} kiosk />
      ) : page === 'pools' ? (
        <PoolsView result={pools} kiosk />
      ) : (
        <TriageView result={triage} history={history} kiosk />
      )}
      <div className="wall__rotation" data-testid="wall-rotation" aria-hidden="true">
        {WALL_PAGES.map((p) => (
          <span key={p} className={p === page ? 'wall__page wall__page--on' : 'wall__page'}>
            {TITLES[p]}
          </span>
        ))}
        <span className="wall__next">
          {TITLES[next]} in {left} s
        </span>
      </div>
    </div>
  );
}
