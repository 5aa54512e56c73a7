import type { JSX } from 'react';
import { describeStaleReason, type Freshness } from '../lib/staleness.ts';
import { formatAge, formatClock } from '../lib/time.ts';

/** The loud banner over stale data. Renders nothing when the data is fresh. */
export function StaleBanner({ freshness }: { freshness: Freshness }): JSX.Element | null {
  if (!freshness.stale || freshness.reason === null) return null;
  const headline = freshness.dataAsOf === null ? 'NO DATA' : `STALE since ${formatClock(freshness.dataAsOf)}`;
  const age = freshness.ageMs === null ? '' : `${formatAge(freshness.ageMs)} ago — `;
  return (
    <div className="stale-banner" data-testid="stale-banner" data-reason={freshness.reason} role="alert">
      <span className="stale-banner__headline">⚠ {headline}</span>
      <span className="stale-banner__reason">
        {age}
        {describeStaleReason(freshness.reason)}
      </span>
    </div>
  );
}
