import { type JSX, type KeyboardEvent, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { describeError } from '../graphql/errors.ts';
import type { EvidenceFieldsFragment } from '../graphql/generated/graphql.ts';
import { type ExplainedPod, usePodExplanation } from '../graphql/use-pod-explanation.ts';
import { formatClock, parseDateTime } from '../lib/time.ts';
import { clusterHref, type PodRef, podHref } from '../router.ts';

export interface PodDrawerProps {
  pod: PodRef;
  onClose: () => void;
}

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

/** Tab and Shift+Tab wrap inside `root`: the page behind a modal drawer is out of reach. */
function trapTab(e: KeyboardEvent<HTMLElement>, root: HTMLElement): void {
  if (e.key !== 'Tab') return;
  const items = [...root.querySelectorAll<HTMLElement>(FOCUSABLE)];
  const first = items[0];
  const last = items.at(-1);
  if (first === undefined || last === undefined) {
    e.preventDefault();
    return;
  }
  const active = document.activeElement;
  if (e.shiftKey && (active === first || !root.contains(active))) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && (active === last || !root.contains(active))) {
    e.preventDefault();
    first.focus();
  }
}

function EvidenceList({ evidence }: { evidence: readonly EvidenceFieldsFragment[] }): JSX.Element {
  if (evidence.length === 0) return <p className="muted">No evidence reported.</p>;
  return (
    <ul className="pod-drawer__evidence" data-testid="pod-evidence">
      {evidence.map((e, i) => {
        const at = parseDateTime(e.observedAt);
        return (
          // Evidence has no id and the same signal may appear twice; the list is replaced whole.
          // biome-ignore lint/suspicious/noArrayIndexKey: never reordered in place
          <li key={`${e.signal}-${i}`}>
            <span className="evidence__signal">{e.signal}</span>
            <span className="pod-drawer__quote">{e.value}</span>
            <span className="muted">
              {e.source}
              {at !== null && ` · ${formatClock(at)}`}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

function Facts({ pod }: { pod: ExplainedPod }): JSX.Element {
  const x = pod.explanation;
  const rows: [string, string | null][] = [
    ['Phase', pod.phase],
    ['Node', pod.node ?? 'not scheduled'],
    ['Pool', pod.pool],
    ['Owner', pod.owner === null ? null : `${pod.owner.ownerKind} ${pod.owner.name}`],
    ['GPUs requested', pod.gpuRequest > 0 ? String(pod.gpuRequest) : null],
    ['Container', x.container],
    ['Cause', x.cause],
    ['Image', x.image],
  ];
  return (
    <dl className="pod-drawer__facts">
      {rows
        .filter((r): r is [string, string] => r[1] !== null)
        .map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
    </dl>
  );
}

function Explanation({ pod }: { pod: ExplainedPod }): JSX.Element {
  const x = pod.explanation;
  return (
    <div data-testid="pod-explanation" data-rule={x.rule}>
      <p className="pod-drawer__state" data-testid="pod-state">
        {x.stateText}
      </p>
      <p className="pod-drawer__summary" data-testid="pod-summary">
        {x.summary}
      </p>
      <Facts pod={pod} />
      {x.fit !== null && (
        <p className="pod-drawer__fit" data-testid="pod-fit">
          Our own fit: {x.fit}
        </p>
      )}
      {x.fitCheck !== null && x.fitCheck !== x.fit && (
        <p className="pod-drawer__fit" data-testid="pod-fit-check">
          Fleetscope fit check: {x.fitCheck}
        </p>
      )}
      {x.scheduling !== null && (
        <section aria-label="The scheduler's message">
          <h3>Scheduler</h3>
          <p className="pod-drawer__quote" data-testid="pod-scheduling">
            {x.scheduling.text}
          </p>
          {x.scheduling.reasons.length > 0 && (
            <table className="pod-drawer__reasons">
              <thead>
                <tr>
                  <th scope="col">nodes</th>
                  <th scope="col">reason</th>
                  <th scope="col">plugin</th>
                </tr>
              </thead>
              <tbody>
                {x.scheduling.reasons.map((r) => (
                  <tr key={`${r.section}/${r.reason}`}>
                    <td>{r.count ?? '—'}</td>
                    <td>{r.reason}</td>
                    <td>{r.plugin ?? 'unknown'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
      <section aria-label="Evidence">
        <h3>Evidence</h3>
        <EvidenceList evidence={x.evidence} />
      </section>
      {x.nextSteps.length > 0 && (
        <section aria-label="Next steps">
          <h3>Next steps</h3>
          <ol className="pod-drawer__steps" data-testid="pod-next-steps">
            {x.nextSteps.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ol>
        </section>
      )}
      <p className="muted pod-drawer__finding">
        Finding <code>{pod.findingId}</code> · rule <code>{x.rule}</code>
      </p>
    </div>
  );
}

function Body({ pod }: { pod: PodRef }): JSX.Element {
  const { data, error, loading } = usePodExplanation(pod);
  if (data === null) {
    if (loading) return <p data-testid="pod-loading">Loading the explanation…</p>;
    return (
      <p role="alert" data-testid="pod-error">
        {error === null ? 'No answer.' : describeError(error)}
      </p>
    );
  }
  const cluster = data.cluster;
  if (cluster === null) {
    return <p data-testid="pod-not-watched">Cluster “{pod.cluster}” is not watched.</p>;
  }
  if (cluster.troubledPod !== null) return <Explanation pod={cluster.troubledPod} />;
  // Unknown is not "fine": pods never listed (or forbidden) say so.
  if (cluster.pods === null) {
    return (
      <p data-testid="pod-unknown">
        Unknown: the pods of {pod.cluster} were never listed (or may not be read), so this pod cannot be
        explained yet.
      </p>
    );
  }
  return (
    <p data-testid="pod-not-troubled">
      Not among the troubled pods of {pod.cluster}: it is serving, finished or gone. Fleetscope explains pods
      that are Pending, Running but not Ready, or evicted.
    </p>
  );
}

/**
 * Why one pod is not serving, over the current view: its classification, the evidence the way kubelet and
 * the scheduler word it, and next steps. Modal: Esc or the close button closes it, Tab stays inside, and
 * focus goes back to what opened it. Asks the API once, when opened.
 */
export function PodDrawer({ pod, onClose }: PodDrawerProps): JSX.Element {
  const titleId = useId();
  const panel = useRef<HTMLElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  // What had focus when the drawer opened (the link clicked), read once before the drawer takes focus.
  const [opener] = useState(() =>
    document.activeElement instanceof HTMLElement ? document.activeElement : null,
  );
  useLayoutEffect(() => {
    closeButton.current?.focus();
    return () => {
      if (opener !== null && opener !== document.body && opener.isConnected) opener.focus();
    };
  }, [opener]);
  useEffect(() => {
    // On the document, so Esc closes it even when focus was moved out (by a screen reader, say).
    const onKey = (e: globalThis.KeyboardEvent): void => {
      if (e.key === 'Escape') {
        e.preventDefault();
        onClose();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <>
      <button
        type="button"
        className="pod-drawer__backdrop"
        tabIndex={-1}
        aria-label="Close the pod explanation"
        data-testid="pod-drawer-backdrop"
        onClick={onClose}
      />
      <aside
        ref={panel}
        className="pod-drawer"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid="pod-drawer"
        data-pod={`${pod.cluster}/${pod.namespace}/${pod.name}`}
        onKeyDown={(e) => {
          if (panel.current !== null) trapTab(e, panel.current);
        }}
      >
        <header className="pod-drawer__head">
          <h2 id={titleId}>
            <span className="muted">Pod</span> {pod.namespace}/{pod.name}
          </h2>
          <button
            ref={closeButton}
            type="button"
            className="pod-drawer__close"
            onClick={onClose}
            data-testid="pod-drawer-close"
            aria-label="Close (Esc)"
          >
            ✕
          </button>
        </header>
        <p className="pod-drawer__where">
          Cluster <a href={clusterHref(pod.cluster)}>{pod.cluster}</a> ·{' '}
          <a href={podHref(pod)} data-testid="pod-permalink">
            link to this explanation
          </a>
        </p>
        <Body pod={pod} />
      </aside>
    </>
  );
}
