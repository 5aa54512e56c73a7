import type { JSX } from 'react';
import type { FreshnessState } from '../lib/clock.ts';
import { dataAge, describeStaleReason, type FreshnessInput } from '../lib/staleness.ts';
import { formatClock } from '../lib/time.ts';
import { AgeText } from './age-text.tsx';

/**
 * The loud banner over stale data. Renders nothing when the data is fresh. Not a live region itself: the
 * page's one polite live region says when a cluster goes stale.
 */
export function StaleBanner({
  freshness,
  input,
}: {
  freshness: FreshnessState;
  input: FreshnessInput;
}): JSX.Element | null {
  if (!freshness.stale || freshness.reason === null) return null;
  const headline = freshness.dataAsOf === null ? 'NO DATA' : `STALE since ${formatClock(freshness.dataAsOf)}`;
  return (
    <div className="stale-banner" data-testid="stale-banner" data-reason={freshness.reason}>
      <span className="stale-banner__headline">⚠ {headline}</span>
      <span className="stale-banner__reason">
        {freshness.dataAsOf !== null && (
          <>
            <AgeText ageAt={(nowMs) => dataAge(input, nowMs)} /> ago —{' '}
          </>
        )}
        {describeStaleReason(freshness.reason)}
      </span>
    </div>
  );
}
