import { type JSX, type ReactNode, useId, useState } from 'react';

export interface OnDemandPopoverProps {
  /** The toggle's text while closed, and while open. */
  label: string;
  hideLabel: string;
  /** The pop-over's accessible name. */
  title: string;
  /** `data-testid` of the pop-over; its toggle's is `<testId>-toggle`. */
  testId: string;
  /** Mounted only while open, so whatever it asks for is asked when opened. */
  children: ReactNode;
}

/**
 * A toggle in a card's head and what it opens, drawn over the card (like the evidence) so the view's
 * layout never grows; its content mounts when opened, so no live feed carries it.
 */
export function OnDemandPopover({
  label,
  hideLabel,
  title,
  testId,
  children,
}: OnDemandPopoverProps): JSX.Element {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  return (
    <div className="evidence-holder">
      <button
        type="button"
        className="evidence-toggle"
        data-testid={`${testId}-toggle`}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        {open ? hideLabel : label}
      </button>
      {open && (
        <section id={panelId} className="evidence evidence--below" aria-label={title} data-testid={testId}>
          {children}
        </section>
      )}
    </div>
  );
}
