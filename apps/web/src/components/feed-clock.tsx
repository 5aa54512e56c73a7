import type { JSX } from 'react';
import type { Connection } from '../graphql/use-live-query.ts';
import type { FreshnessState } from '../lib/clock.ts';
import type { FreshnessInput } from '../lib/staleness.ts';
import { ConnectionStatus } from './connection-status.tsx';
import { DataAsOf } from './data-as-of.tsx';

export interface FeedClockProps {
  className: string;
  testId: string;
  freshness: FreshnessState;
  /** The fleet's combined freshness input, for the age shown when stale; null without clusters. */
  input: FreshnessInput | null;
  /** Names of the clusters whose data is stale, and how many there are in all. */
  staleClusters: readonly string[];
  total: number;
  connection: Connection;
  receivedAt: number | null;
}

/**
 * A page header's large "data as of" clock over the feed state: loud when the fleet's data is stale (naming
 * the stale clusters) and at once when the API cannot be reached at all.
 */
export function FeedClock({
  className,
  testId,
  freshness,
  input,
  staleClusters,
  total,
  connection,
  receivedAt,
}: FeedClockProps): JSX.Element {
  const staleNote =
    staleClusters.length === 0
      ? undefined
      : `${staleClusters.length} of ${total} stale: ${staleClusters.join(', ')}`;
  return (
    <div className={className}>
      <DataAsOf
        freshness={freshness}
        input={input}
        testId={testId}
        size="large"
        staleNote={staleNote}
        connectionLost={connection === 'offline'}
      />
      <ConnectionStatus connection={connection} receivedAt={receivedAt} />
    </div>
  );
}
