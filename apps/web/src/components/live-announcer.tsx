import type { JSX } from 'react';
import type { HealthStatus } from '../graphql/generated/graphql.ts';
import type { Connection } from '../graphql/use-live-query.ts';
import { statusLabel } from '../lib/status.ts';

/**
 * The page's one polite live region. Its text is built only from statuses (verdicts, stale or not, the
 * feed), never from ages or clock times, so it changes — and a screen reader speaks — when a status
 * changes, not on every tick or push. It stays mounted across loading, error and data so the first
 * change after loading is announced too.
 */
export function LiveAnnouncer({ message }: { message: string }): JSX.Element {
  return (
    <div
      className="visually-hidden"
      role="status"
      aria-live="polite"
      aria-atomic="true"
      data-testid="live-region"
    >
      {message}
    </div>
  );
}

const FEED_WORDS: Record<Connection, string> = {
  live: 'Feed live.',
  reconnecting: 'Feed reconnecting; polling every 10 s.',
  offline: 'Feed offline.',
};

/** "Feed live." and so on. */
export function feedSentence(connection: Connection): string {
  return FEED_WORDS[connection];
}

/** "control plane DEGRADED", or "control plane STALE (last: HEALTHY)" when drawn stale. */
export function verdictWords(plane: string, status: HealthStatus, stale: boolean): string {
  return stale ? `${plane} STALE (last: ${statusLabel(status)})` : `${plane} ${statusLabel(status)}`;
}

/** A status worth naming: anything but HEALTHY and not-applicable. */
export function needsAttention(status: HealthStatus): boolean {
  return status !== 'HEALTHY' && status !== 'NOT_APPLICABLE';
}
