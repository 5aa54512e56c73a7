import { type JSX, memo } from 'react';
import type { PlaneHealthFieldsFragment } from '../graphql/generated/graphql.ts';
import { StatusBadge } from './status-badge.tsx';

export interface PlaneSectionProps {
  title: 'Control plane' | 'Data plane';
  health: PlaneHealthFieldsFragment;
  stale: boolean;
  testId: string;
}

/** One plane's verdict: its own heading, badge and summary sentence — never merged with the other plane. */
export const PlaneSection = memo(function PlaneSection({
  title,
  health,
  stale,
  testId,
}: PlaneSectionProps): JSX.Element {
  return (
    <section className="plane" aria-label={title}>
      <h3 className="plane__title">{title}</h3>
      <StatusBadge status={health.status} stale={stale} testId={testId} />
      <p className="plane__summary" title={health.summary}>
        {health.summary}
      </p>
    </section>
  );
});
