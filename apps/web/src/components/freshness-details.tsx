import type { JSX } from 'react';
import type { ClusterTileFieldsFragment } from '../graphql/generated/graphql.ts';
import { ageOf } from '../lib/staleness.ts';
import { formatAge, formatClock, parseDateTime } from '../lib/time.ts';

export interface FreshnessDetailsProps {
  freshness: ClusterTileFieldsFragment['freshness'];
  /** The answer these times came in (API clock) and when this browser received it: ages are skew-free. */
  answer: { generatedAt: string; receivedAt: number | null };
  now: number;
}

/**
 * A disclosure listing each watched resource: state, when the API server last confirmed it (what
 * staleness rests on), its last change (information: quiet is not stale), and the last error.
 */
export function FreshnessDetails({ freshness, answer, now }: FreshnessDetailsProps): JSX.Element {
  const when = (iso: string | null): string => {
    const ms = parseDateTime(iso);
    const age = ageOf(iso, answer, now);
    return ms === null || age === null ? 'never' : `${formatClock(ms)} (${formatAge(age)} ago)`;
  };
  const staleCount = freshness.filter((f) => f.stale).length;
  const sorted = [...freshness].sort((a, b) =>
    a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0,
  );
  return (
    <details className="freshness">
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
              <td>{f.lastError === null ? '—' : `${f.lastError} at ${when(f.lastErrorAt)}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
