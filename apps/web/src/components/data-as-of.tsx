import type { JSX } from 'react';
import type { FreshnessState } from '../lib/clock.ts';
import { dataAge, type FreshnessInput } from '../lib/staleness.ts';
import { formatClock } from '../lib/time.ts';
import { AgeText } from './age-text.tsx';

export interface DataAsOfProps {
  freshness: FreshnessState;
  /** What the age is computed from (the answer and its receipt); null when nothing arrived. */
  input: FreshnessInput | null;
  testId: string;
  /** Large clock for the page header. */
  size?: 'large' | 'small';
  /** Extra words after the time when stale (e.g. which clusters). */
  staleNote?: string;
}

/** "data as of HH:MM:SS", loud when stale, with the data's age (a clock leaf) when stale and large. */
export function DataAsOf({
  freshness,
  input,
  testId,
  size = 'small',
  staleNote,
}: DataAsOfProps): JSX.Element {
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
          {freshness.dataAsOf === null || input === null ? (
            'nothing received yet'
          ) : (
            <>
              <AgeText ageAt={(nowMs) => dataAge(input, nowMs)} /> ago
            </>
          )}
          {staleNote === undefined ? '' : ` · ${staleNote}`}
        </div>
      )}
    </div>
  );
}
