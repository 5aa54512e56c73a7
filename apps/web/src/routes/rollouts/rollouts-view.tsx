import { type JSX, type KeyboardEvent, memo, useCallback, useMemo, useState } from 'react';
import { ConnectionStatus } from '../../components/connection-status.tsx';
import { feedSentence, LiveAnnouncer } from '../../components/live-announcer.tsx';
import { StaleBanner } from '../../components/stale-banner.tsx';
import { describeError } from '../../graphql/errors.ts';
import type { LiveResult } from '../../graphql/use-live-query.ts';
import type { RolloutRow, RolloutsLookup } from '../../graphql/use-rollouts.ts';
import { useFreshness } from '../../lib/clock.ts';
import { clusterFreshnessInput } from '../../lib/staleness.ts';
import { useWindowedGrid } from '../../lib/use-windowed-grid.ts';
import { clusterHref, FLEET_HREF } from '../../router.ts';
import { RolloutCard, rolloutKey } from './rollout-card.tsx';

/**
 * A card re-renders only when its rollout changed: answers keep the identity of unchanged parts
 * (answers.ts), so a rollout's object is its version — a push that moves 20 of 2,000 rollouts gives 20
 * new objects, and of those only the cards on screen render (bench/browser-views.bench.ts).
 */
const Card = memo(RolloutCard);

/** The board's grid: columns of at least 28 rem, 16 px apart (styles.css `.rollouts-board__row`). */
const MIN_COLUMN_REM = 28;
const GAP_PX = 16;
/** A stuck card's usual height before it is measured. */
const ESTIMATE_ROW_PX = 260;

const NO_ROLLOUTS: readonly RolloutRow[] = [];

/** Keys that move focus between the feed's articles (WAI-ARIA feed pattern, plus arrows, Home and End). */
const STEP: Record<string, number | 'first' | 'last'> = {
  ArrowDown: 1,
  PageDown: 1,
  ArrowUp: -1,
  PageUp: -1,
  Home: 'first',
  End: 'last',
};

/**
 * The board's cards, windowed: only the grid rows on screen (plus overscan) are in the DOM, in the
 * API's order (stuck first); the rest are spacers. A `feed` of articles, each with its place in the whole
 * list; arrows, Page Up/Down, Home and End move focus from card to card, rendering the target first.
 */
function RolloutsBoard({
  cluster,
  rollouts,
}: {
  cluster: string;
  rollouts: readonly RolloutRow[];
}): JSX.Element {
  const count = rollouts.length;
  const grid = useWindowedGrid({
    count,
    minColumnRem: MIN_COLUMN_REM,
    gapPx: GAP_PX,
    estimateRowPx: ESTIMATE_ROW_PX,
  });
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set());
  const toggle = useCallback((key: string) => {
    setOpen((held) => {
      const next = new Set(held);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  }, []);
  const { focusItem } = grid;
  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLElement>) => {
      const step = STEP[event.key];
      const target = event.target as HTMLElement;
      // Only from a card itself: keys inside a card (its button, links) keep their own meaning.
      if (
        step === undefined ||
        target.dataset.index === undefined ||
        target.getAttribute('role') === 'button'
      )
        return;
      const from = Number(target.dataset.index);
      const to = step === 'first' ? 0 : step === 'last' ? count - 1 : from + step;
      event.preventDefault();
      focusItem(Math.max(0, Math.min(count - 1, to)));
    },
    [count, focusItem],
  );

  const rows: JSX.Element[] = [];
  for (let r = grid.firstRow; r < grid.endRow; r++) {
    const cards: JSX.Element[] = [];
    for (let i = r * grid.columns; i < Math.min(count, (r + 1) * grid.columns); i++) {
      const rollout = rollouts[i];
      if (rollout === undefined) continue;
      const key = rolloutKey(rollout);
      cards.push(
        <Card
          key={key}
          cluster={cluster}
          rollout={rollout}
          index={i}
          setSize={count}
          diffOpen={open.has(key)}
          onToggleDiff={toggle}
        />,
      );
    }
    rows.push(
      <div
        key={r}
        ref={grid.rowRef}
        role="none"
        className="rollouts-board__row"
        data-row={r}
        style={{ gridTemplateColumns: `repeat(${grid.columns}, minmax(0, 1fr))` }}
      >
        {cards}
      </div>,
    );
  }
  return (
    <main
      ref={grid.listRef}
      className="rollouts-board"
      role="feed"
      aria-label={`Unfinished rollouts of ${cluster}, stuck first`}
      aria-busy="false"
      data-testid="rollouts-board"
      data-count={count}
      style={{ paddingTop: grid.padTop, paddingBottom: grid.padBottom }}
      onKeyDown={onKeyDown}
    >
      {rows}
    </main>
  );
}

export interface RolloutsViewProps {
  name: string;
  result: LiveResult<RolloutsLookup>;
}

/** What the live region says: how many rollouts are stuck, so it changes when that does. */
export function rolloutsAnnouncement(
  name: string,
  result: LiveResult<RolloutsLookup>,
  stale: boolean,
): string {
  const cluster = result.data?.cluster ?? null;
  if (result.data === null) return `Loading the rollouts of ${name}.`;
  if (cluster === null) return `Cluster ${name} is not watched.`;
  if (cluster.rollouts === null) return `${name}: rollouts unknown. ${feedSentence(result.connection)}`;
  const stuck = cluster.rollouts.filter((r) => r.rolloutState === 'STUCK').length;
  return `${stale ? 'Rollout data is STALE. ' : ''}${name}: ${stuck} stuck, ${cluster.rollouts.length - stuck} progressing. ${feedSentence(result.connection)}`;
}

/**
 * The Rollouts board of one cluster: every rollout not done, in the API's order (stuck first), each with
 * kubectl's stage text over its progress, why it is stuck, what to do, and what changed on demand.
 */
export function RolloutsView({ name, result }: RolloutsViewProps): JSX.Element {
  const { data, error, connection, receivedAt } = result;
  const cluster = data?.cluster ?? null;
  const input = useMemo(
    () => (cluster === null ? null : clusterFreshnessInput(cluster, receivedAt)),
    [cluster, receivedAt],
  );
  const freshness = useFreshness(input);
  const announcer = <LiveAnnouncer message={rolloutsAnnouncement(name, result, freshness.stale)} />;

  if (data === null) {
    return (
      <>
        {announcer}
        <div className="page-message" data-testid={error === null ? 'rollouts-loading' : 'rollouts-error'}>
          <h1>{error === null ? `Loading the rollouts of ${name}…` : `No rollout data for ${name}`}</h1>
          {error !== null && <p role="alert">{describeError(error)}</p>}
          <ConnectionStatus connection={connection} receivedAt={receivedAt} />
        </div>
      </>
    );
  }
  if (cluster === null || input === null) {
    return (
      <>
        {announcer}
        <div className="page-message" data-testid="rollouts-not-watched">
          <h1>Cluster “{name}” is not watched</h1>
          <p>
            <a href={FLEET_HREF}>← The clusters Fleetscope watches</a>
          </p>
        </div>
      </>
    );
  }
  const rollouts = cluster.rollouts;
  const stuck = rollouts === null ? 0 : rollouts.filter((r) => r.rolloutState === 'STUCK').length;
  return (
    <div
      className="rollouts-page"
      data-testid="rollouts-view"
      data-stale={freshness.stale ? 'true' : 'false'}
    >
      {announcer}
      <header className="rollouts-page__header">
        <a href={clusterHref(name)}>← {name}</a>
        <h1>
          Rollouts · {name}{' '}
          <span data-testid="rollouts-summary">
            {rollouts === null
              ? 'unknown (deployments or pods not listed)'
              : rollouts.length === 0
                ? freshness.stale
                  ? 'unknown (stale)'
                  : 'every rollout done'
                : `${stuck} stuck, ${rollouts.length - stuck} progressing`}
          </span>
        </h1>
        <ConnectionStatus connection={connection} receivedAt={receivedAt} />
      </header>
      <StaleBanner freshness={freshness} input={input} />
      {error !== null && (
        <div className="page-alert" role="alert">
          {describeError(error)}
        </div>
      )}
      <RolloutsBoard cluster={name} rollouts={rollouts ?? NO_ROLLOUTS} />
    </div>
  );
}
