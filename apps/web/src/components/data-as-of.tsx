import type { JSX } from 'react';
import type { Freshness } from '../lib/staleness.ts';
import { formatAge, formatClock } from '../lib/time.ts';

export interface DataAsOfProps {
  freshness: Freshness;
  testId: string;
  /** Large clock for the page header. */
  size?: 'large' | 'small';
  /** Extra words after the time when stale (e.g. which clusters). */
  staleNote?: string;
}

/** "data as of HH:MM:SS", loud when stale. */
export function DataAsOf({ freshness, testId, size = 'small', staleNote }: DataAsOfProps): JSX.Element {
  const time = freshness.dataAsOf === null ? '--:--:--' : formatClock(freshness.dataAsOf);
  return (
    <div
      className={`as-of as-of--${size}${freshness.stale ? ' as-of--stale' : ''}`}
      data-testid={testId}
      data-stale={freshness.stale ? 'true' : 'false'}
    >
      <span className="as-of__label">
        {freshness.stale && size === 'large' ? 'STALE · data as of' : 'data as of'}
      </span>{' '}
      <time
        className="as-of__time"
        dateTime={freshness.dataAsOf === null ? undefined : new Date(freshness.dataAsOf).toISOString()}
      >
        {time}
      </time>
      {freshness.stale && size === 'large' && (
        <div className="as-of__note">
          {freshness.ageMs === null ? 'nothing received yet' : `${formatAge(freshness.ageMs)} ago`}
          {staleNote === undefined ? '' : ` · ${staleNote}`}
        </div>
      )}
    </div>
  );
}
