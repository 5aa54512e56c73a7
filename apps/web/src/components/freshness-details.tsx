import { type JSX, memo, useState } from 'react';
import type { ClusterTileFieldsFragment } from '../graphql/generated/graphql.ts';
import { ageOf } from '../lib/staleness.ts';
import { formatClock, parseDateTime } from '../lib/time.ts';
import { AgeText } from './age-text.tsx';

export interface FreshnessDetailsProps {
  freshness: ClusterTileFieldsFragment['freshness'];
  /** The answer these times came in (API clock) and when this browser received it: ages are skew-free. */
  generatedAt: string;
  receivedAt: number | null;
}

/**
 * A disclosure listing each watched resource: state, when the API server last confirmed it (what
 * staleness rests on), its last change (information: quiet is not stale), and the last error. Ages tick
 * only while it is open.
 */
export const FreshnessDetails = memo(function FreshnessDetails({
  freshness,
  generatedAt,
  receivedAt,
}: FreshnessDetailsProps): JSX.Element {
  const [open, setOpen] = useState(false);
  const answer = { generatedAt, receivedAt };
  const when = (iso: string | null): JSX.Element | string => {
    const ms = parseDateTime(iso);
    if (ms === null || parseDateTime(generatedAt) === null) return 'never';
    if (!open) return formatClock(ms);
    return (
      <>
        {formatClock(ms)} (<AgeText ageAt={(nowMs) => ageOf(iso, answer, nowMs)} /> ago)
      </>
    );
  };
  const staleCount = freshness.filter((f) => f.stale).length;
  const sorted = [...freshness].sort((a, b) =>
    a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0,
  );
  return (
    <details className="freshness" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        Sources: {freshness.length} watched
        {staleCount > 0 ? <strong className="freshness__bad">, {staleCount} stale</strong> : ', all synced'}
      </summary>
      <table className="freshness__table">
        <thead>
          <tr>
            <th scope="col">Resource</th>
            <th scope="col">State</th>
            <th scope="col">Confirmed</th>
            <th scope="col">Last change</th>
            <th scope="col">Last error</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((f) => (
            <tr key={f.resource} className={f.stale ? 'freshness__row--stale' : undefined}>
              <td>{f.resource}</td>
              <td>
                {f.behind !== null
                  ? `${f.state} (behind: ${f.behind})`
                  : f.stale
                    ? `${f.state} (stale)`
                    : f.state}
              </td>
              <td>{when(f.confirmedAt)}</td>
              <td>{when(f.lastEventAt)}</td>
              <td>
                {f.lastError === null ? (
                  '—'
                ) : (
                  <>
                    {f.lastError} at {when(f.lastErrorAt)}
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
});
