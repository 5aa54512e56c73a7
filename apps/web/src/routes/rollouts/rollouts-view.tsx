import { type JSX, memo, useMemo } from 'react';
import { ConnectionStatus } from '../../components/connection-status.tsx';
import { feedSentence, LiveAnnouncer } from '../../components/live-announcer.tsx';
import { StaleBanner } from '../../components/stale-banner.tsx';
import { describeError } from '../../graphql/errors.ts';
import type { LiveResult } from '../../graphql/use-live-query.ts';
import type { RolloutsLookup } from '../../graphql/use-rollouts.ts';
import { useFreshness } from '../../lib/clock.ts';
import { clusterFreshnessInput } from '../../lib/staleness.ts';
import { clusterHref, FLEET_HREF } from '../../router.ts';
import { RolloutCard } from './rollout-card.tsx';

/**
 * A card re-renders only when its rollout changed: answers keep the identity of unchanged parts
 * (answers.ts), so a push that moves 20 of 2,000 rollouts renders 20 cards (bench/browser-views.bench.ts).
 */
const Card = memo(RolloutCard);

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
      <main className="rollouts-board">
        {(rollouts ?? []).map((r) => (
          <Card key={`${r.kind}/${r.namespace}/${r.name}`} cluster={name} rollout={r} />
        ))}
      </main>
    </div>
  );
}
