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
  /**
   * The API cannot be reached at all (socket down and the last poll failed): loud at once, before the data
   * is older than the stale-after, because nothing newer can arrive.
   */
  connectionLost?: boolean;
}

/** "data as of HH:MM:SS", loud when stale, with the data's age (a clock leaf) when stale and large. */
export function DataAsOf({
  freshness,
  input,
  testId,
  size = 'small',
  staleNote,
  connectionLost = false,
}: DataAsOfProps): JSX.Element {
  const loud = freshness.stale || connectionLost;
  const label = connectionLost ? 'CONNECTION LOST · data as of' : 'STALE · data as of';
  const time = freshness.dataAsOf === null ? '--:--:--' : formatClock(freshness.dataAsOf);
  return (
    <div
      className={`as-of as-of--${size}${loud ? ' as-of--stale' : ''}`}
      data-testid={testId}
      data-stale={freshness.stale ? 'true' : 'false'}
      data-loud={loud ? 'true' : 'false'}
      data-connection-lost={connectionLost ? 'true' : 'false'}
    >
      <span className="as-of__label">{loud && size === 'large' ? label : 'data as of'}</span>{' '}
      <time
        className="as-of__time"
        dateTime={freshness.dataAsOf === null ? undefined : new Date(freshness.dataAsOf).toISOString()}
      >
        {time}
      </time>
      {loud && size === 'large' && (
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
