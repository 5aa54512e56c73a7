import { type JSX, useState } from 'react';
import { PodLink } from '../../components/pod-link.tsx';
import { describeError } from '../../graphql/errors.ts';
import { useIdleAllocated } from '../../graphql/use-idle-pods.ts';

function IdleList({ cluster, pool }: { cluster: string; pool: string }): JSX.Element {
  const { data, error } = useIdleAllocated(cluster);
  if (data === undefined) {
    return error === null ? <p>Loading…</p> : <p role="alert">{describeError(error)}</p>;
  }
  if (data === null) return <p>Cluster “{cluster}” is not watched.</p>;
  // Unknown is not "none idle": without DCGM there is nothing to say.
  if (!data.gpuUsage.usageKnown)
    return <p data-testid="pool-idle-unknown">Unknown: no GPU use data (DCGM).</p>;
  const devices = data.gpuUsage.idleAllocated.filter((d) => d.pool === pool);
  if (devices.length === 0)
    return <p className="pool-panel__empty">No allocated GPU of this pool is idle.</p>;
  return (
    <ul data-testid="pool-idle-list">
      {devices.map((d) => (
        <li key={`${d.node}/${d.gpu}/${d.migInstance ?? ''}`}>
          {d.node} GPU {d.gpu}
          {d.migInstance === null ? '' : ` (MIG ${d.migInstance})`}
          {d.engineActive === null ? '' : ` · ${Math.round(d.engineActive * 100)}% active`}
          {d.pods.map((p) => {
            const [namespace, name] = p.split('/');
            return namespace && name ? (
              <span key={p}>
                {' · '}
                <PodLink pod={{ cluster, namespace, name }} />
              </span>
            ) : (
              <span key={p}> · {p}</span>
            );
          })}
        </li>
      ))}
    </ul>
  );
}

/** GPUs of the pool that are allocated but idle, with their pods — asked for when opened. */
export function IdlePods({ cluster, pool }: { cluster: string; pool: string }): JSX.Element {
  const [open, setOpen] = useState(false);
  return (
    <details
      className="pool-panel"
      data-testid="pool-idle"
      onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}
    >
      <summary>
        <h4>Allocated but idle</h4>
      </summary>
      {open && <IdleList cluster={cluster} pool={pool} />}
    </details>
  );
}
