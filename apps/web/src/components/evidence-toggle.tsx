import { type JSX, useId, useState } from 'react';
import type { EvidenceFieldsFragment } from '../graphql/generated.ts';
import { formatAge, formatClock, parseDateTime } from '../lib/time.ts';

export interface EvidenceToggleProps {
  evidence: readonly EvidenceFieldsFragment[];
  /** What the evidence is for, e.g. "Write path": names the panel for screen readers. */
  subject: string;
  now: number;
}

function observed(iso: string | null, now: number): string {
  const ms = parseDateTime(iso);
  return ms === null ? 'never' : `${formatClock(ms)} (${formatAge(now - ms)} ago)`;
}

/**
 * The facts behind a verdict, on demand. The list opens over the card instead of pushing the layout, so a
 * wall never grows a scrollbar because someone looked at the evidence.
 */
export function EvidenceToggle({ evidence, subject, now }: EvidenceToggleProps): JSX.Element {
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
        <section id={panelId} className="evidence" aria-label={`Evidence: ${subject}`} data-testid="evidence">
          <table className="evidence__table">
            <thead>
              <tr>
                <th scope="col">Signal</th>
                <th scope="col">Value</th>
                <th scope="col">Threshold</th>
                <th scope="col">Window</th>
                <th scope="col">Source</th>
                <th scope="col">Observed</th>
              </tr>
            </thead>
            <tbody>
              {evidence.map((e, i) => (
                // Evidence has no id; the same signal may appear with different labels, so index it.
                // biome-ignore lint/suspicious/noArrayIndexKey: the list is replaced whole, never reordered
                <tr key={`${e.signal}-${i}`}>
                  <td>{e.signal}</td>
                  <td className="evidence__value">{e.value}</td>
                  <td>{e.threshold ?? '—'}</td>
                  <td>{e.window ?? '—'}</td>
                  <td>{e.source}</td>
                  <td>{observed(e.observedAt, now)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
