import { type JSX, useId, useState } from 'react';
import { PodLink } from '../../components/pod-link.tsx';
import { describeError } from '../../graphql/errors.ts';
import { useTroubledPodNames } from '../../graphql/use-troubled-pods.ts';

function PodList({ cluster }: { cluster: string }): JSX.Element {
  const { data, error } = useTroubledPodNames(cluster);
  if (data === undefined) {
    return error === null ? <p>Loading…</p> : <p role="alert">{describeError(error)}</p>;
  }
  const page = data?.troubledPods ?? null;
  // Unknown is not "all serving": pods never listed (or forbidden) say so.
  if (page === null) return <p data-testid="troubled-pods-unknown">Unknown: pods were never listed.</p>;
  if (page.totalCount === 0) return <p>Every pod is serving.</p>;
  return (
    <>
      <ul className="evidence__list" data-testid="troubled-pods-list">
        {page.edges.map(({ node: p }) => (
          <li key={`${p.namespace}/${p.name}`} className="evidence__item">
            <PodLink pod={{ cluster, namespace: p.namespace, name: p.name }} />
            <div className="evidence__value">{p.explanation.summary}</div>
          </li>
        ))}
      </ul>
      {page.totalCount > page.edges.length && (
        <p className="muted">
          {page.edges.length} of {page.totalCount} shown (namespace, then name).
        </p>
      )}
    </>
  );
}

/**
 * The pods behind the data-plane verdict, by name, each opening the pod drawer: asked for when opened and
 * drawn over the card (like the evidence), so the view's layout never grows.
 */
export function TroubledPods({ cluster }: { cluster: string }): JSX.Element {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  return (
    <div className="evidence-holder">
      <button
        type="button"
        className="evidence-toggle"
        data-testid="troubled-pods-toggle"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        {open ? 'Hide pods' : 'Pods not serving'}
      </button>
      {open && (
        <section
          id={panelId}
          className="evidence evidence--below"
          aria-label="Pods not serving"
          data-testid="troubled-pods"
        >
          <PodList cluster={cluster} />
        </section>
      )}
    </div>
  );
}
