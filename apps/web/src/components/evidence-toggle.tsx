import { type JSX, memo, useId, useState } from 'react';
import type { EvidenceFieldsFragment } from '../graphql/generated/graphql.ts';
import { formatClock, parseDateTime } from '../lib/time.ts';
import { AgeText } from './age-text.tsx';

export interface EvidenceToggleProps {
  evidence: readonly EvidenceFieldsFragment[];
  /** What the evidence is for, e.g. "Write path": names the panel for screen readers. */
  subject: string;
  /** Where the list opens relative to the toggle: above for a toggle at the foot of a card (default). */
  placement?: 'above' | 'below';
}

function observed(iso: string | null): JSX.Element | string {
  const ms = parseDateTime(iso);
  if (ms === null) return 'never';
  return (
    <>
      {formatClock(ms)} (<AgeText ageAt={(nowMs) => nowMs - ms} /> ago)
    </>
  );
}

/**
 * The facts behind a verdict (signal, value, threshold, window, source, observed-at), on demand. The list
 * opens over the card instead of pushing the layout, so a wall never grows a scrollbar because someone
 * looked at the evidence; each fact is stacked so it fits a narrow card.
 */
export const EvidenceToggle = memo(function EvidenceToggle({
  evidence,
  subject,
  placement = 'above',
}: EvidenceToggleProps): JSX.Element {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  if (evidence.length === 0) {
    return (
      <button type="button" className="evidence-toggle" data-testid="evidence-toggle" disabled>
        No evidence reported
      </button>
    );
  }
  return (
    <div className="evidence-holder">
      <button
        type="button"
        className="evidence-toggle"
        data-testid="evidence-toggle"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        {open ? 'Hide evidence' : `Evidence (${evidence.length})`}
      </button>
      {open && (
        <section
          id={panelId}
          className={`evidence evidence--${placement}`}
          aria-label={`Evidence: ${subject}`}
          data-testid="evidence"
        >
          <ul className="evidence__list">
            {evidence.map((e, i) => (
              // Evidence has no id and the same signal may appear twice; the list is replaced whole.
              // biome-ignore lint/suspicious/noArrayIndexKey: never reordered in place
              <li key={`${e.signal}-${i}`} className="evidence__item">
                <div className="evidence__line">
                  <span className="evidence__signal">{e.signal}</span>
                  <span className="evidence__value">{e.value}</span>
                </div>
                <dl className="evidence__facts">
                  <dt>threshold</dt>
                  <dd>{e.threshold ?? '—'}</dd>
                  <dt>window</dt>
                  <dd>{e.window ?? '—'}</dd>
                  <dt>source</dt>
                  <dd>{e.source}</dd>
                  <dt>observed</dt>
                  <dd>{observed(e.observedAt)}</dd>
                </dl>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
});
