import type { JSX } from 'react';
import { useClockValue } from '../lib/clock.ts';
import { formatAge } from '../lib/time.ts';

export interface AgeTextProps {
  /** The age (ms) at browser time `nowMs`, or null when unknown. */
  ageAt: (nowMs: number) => number | null;
  /** What to show when the age is unknown. */
  unknown?: string;
}

/** An age such as "42 s": the clock leaf, the only thing that re-renders every second. */
export function AgeText({ ageAt, unknown = '—' }: AgeTextProps): JSX.Element {
  const text = useClockValue((nowMs) => {
    const ms = ageAt(nowMs);
    return ms === null ? unknown : formatAge(ms);
  });
  return <>{text}</>;
}
