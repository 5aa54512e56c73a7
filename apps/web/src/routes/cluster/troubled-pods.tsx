import type { JSX } from 'react';
import { OnDemandPopover } from '../../components/on-demand-popover.tsx';
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
  return (
    <OnDemandPopover
      label="Pods not serving"
      hideLabel="Hide pods"
      title="Pods not serving"
      testId="troubled-pods"
    >
      <PodList cluster={cluster} />
    </OnDemandPopover>
  );
}
