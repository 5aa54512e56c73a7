import type { JSX } from 'react';
import { OnDemandPopover } from '../../components/on-demand-popover.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { describeError } from '../../graphql/errors.ts';
import { type ServingPathCluster, useServingPath } from '../../graphql/use-serving-path.ts';

type Serving = NonNullable<ServingPathCluster['servingPath']>;
type Kueue = NonNullable<ServingPathCluster['kueue']>;
type Condition = { conditionStatus: string; reason: string; message: string } | null;
type Api = Serving['api'];

/** "not served: …" or null when the group is served (then the status and summary say the rest). */
function apiNote(group: string, api: Api): string | null {
  if (api.served === 'SERVED') return null;
  const detail = api.detail === null ? '' : `: ${api.detail}`;
  return api.served === 'NOT_SERVED'
    ? `Not applicable: ${group} is not served by this cluster${detail}.`
    : `Unknown: discovery has not answered for ${group}${detail}.`;
}

/** A condition that is not True, the way the controller wrote it: "Accepted=False (NoMatchingParent): …". */
function notTrue(type: string, c: Condition): string | null {
  if (c === null || c.conditionStatus === 'True') return null;
  return `${type}=${c.conditionStatus} (${c.reason})${c.message === '' ? '' : `: ${c.message}`}`;
}

function backendText(b: Serving['routes'][number]['backends'][number]): string {
  const port = b.port === null ? '' : `:${b.port}`;
  const target = `${b.kind} ${b.namespace}/${b.name}${port}`;
  const p = b.permission;
  if (p !== null && p.crossNamespace && p.permitted === false) {
    return `${target} — another namespace, and no ReferenceGrant in ${b.namespace} allows it`;
  }
  const grant = p?.grant === null || p?.grant === undefined ? '' : ` (allowed by ReferenceGrant ${p.grant})`;
  if (b.exists === false) return `${target} — does not exist${grant}`;
  if (b.readyEndpoints === null) return `${target} — endpoints unknown${grant}`;
  return `${target} — ${b.readyEndpoints} ready endpoint${b.readyEndpoints === 1 ? '' : 's'}${grant}`;
}

function GatewayApi({ serving, stale }: { serving: Serving; stale: boolean }): JSX.Element {
  const note = apiNote('gateway.networking.k8s.io', serving.api);
  return (
    <section aria-label="Gateway API routes" data-testid="serving-routes" data-status={serving.status}>
      <h4 className="serving__title">
        Gateway API <StatusBadge status={serving.status} stale={stale} compact />
      </h4>
      <p className="evidence__value">{note ?? serving.summary}</p>
      {serving.gatewayClasses.some((c) => c.status !== 'HEALTHY') && (
        <ul className="evidence__list">
          {serving.gatewayClasses
            .filter((c) => c.status !== 'HEALTHY')
            .map((c) => (
              <li
                key={c.name}
                className="evidence__item"
                data-testid="serving-gateway-class"
                data-class={c.name}
                data-status={c.status}
              >
                <strong>GatewayClass {c.name}</strong> <StatusBadge status={c.status} stale={stale} compact />
                <div className="serving__line serving__line--problem">
                  {c.exists
                    ? (notTrue('Accepted', c.accepted) ??
                      `not Accepted by ${c.controllerName ?? 'any controller'}`)
                    : 'does not exist'}
                  {` — used by ${c.gateways.join(', ')}`}
                </div>
              </li>
            ))}
        </ul>
      )}
      {serving.gateways.length > 0 && (
        <ul className="evidence__list">
          {serving.gateways.map((g) => {
            const problem = notTrue('Programmed', g.programmed);
            return (
              <li
                key={`${g.namespace}/${g.name}`}
                className="evidence__item"
                data-testid="serving-gateway"
                data-gateway={`${g.namespace}/${g.name}`}
                data-status={g.status}
              >
                <strong>
                  Gateway {g.namespace}/{g.name}
                </strong>{' '}
                (class {g.gatewayClassName}, {g.attachedRoutes} attached route
                {g.attachedRoutes === 1 ? '' : 's'})
                {problem !== null && <div className="serving__line serving__line--problem">{problem}</div>}
              </li>
            );
          })}
        </ul>
      )}
      {serving.routes.length > 0 && (
        <ul className="evidence__list">
          {serving.routes.map((r) => {
            const problems = r.parents.flatMap((p) =>
              [notTrue('Accepted', p.accepted), notTrue('ResolvedRefs', p.resolvedRefs)].filter(
                (x): x is string => x !== null,
              ),
            );
            return (
              <li
                key={`${r.namespace}/${r.name}`}
                className="evidence__item"
                data-testid="serving-route"
                data-route={`${r.namespace}/${r.name}`}
                data-status={r.status}
              >
                <strong>
                  HTTPRoute {r.namespace}/{r.name}
                </strong>{' '}
                <StatusBadge status={r.status} stale={stale} compact />
                {r.hostnames.length > 0 && <span className="muted"> {r.hostnames.join(', ')}</span>}
                {r.backends.map((b) => (
                  <div
                    key={`${b.kind}/${b.namespace}/${b.name}/${b.port ?? ''}`}
                    className="serving__line"
                    data-testid="serving-backend"
                  >
                    → {backendText(b)}
                  </div>
                ))}
                {problems.map((p) => (
                  <div
                    key={p}
                    className="serving__line serving__line--problem"
                    data-testid="serving-route-condition"
                  >
                    {p}
                  </div>
                ))}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function workloadText(w: Kueue['workloads'][number], positionsKnown: boolean): string {
  const queue = w.clusterQueue === null ? `LocalQueue ${w.localQueue}` : `ClusterQueue ${w.clusterQueue}`;
  const position =
    w.position === null ? (positionsKnown ? '' : ', position unknown') : `, position ${w.position}`;
  const what =
    w.workloadState === 'EVICTED' ? `evicted (${w.reason}), waiting again in` : 'waiting for quota in';
  return `${what} ${queue}${position}: ${w.message}`;
}

function KueueQueues({ kueue, stale }: { kueue: Kueue; stale: boolean }): JSX.Element {
  const note = apiNote('kueue.x-k8s.io', kueue.api);
  return (
    <section aria-label="Kueue queues" data-testid="serving-kueue" data-status={kueue.status}>
      <h4 className="serving__title">
        Kueue <StatusBadge status={kueue.status} stale={stale} compact />
      </h4>
      <p className="evidence__value">{note ?? kueue.summary}</p>
      {kueue.clusterQueues.length > 0 && (
        <ul className="evidence__list">
          {kueue.clusterQueues.map((q) => (
            <li key={q.name} className="evidence__item" data-testid="kueue-queue" data-queue={q.name}>
              <strong>ClusterQueue {q.name}</strong>
              {q.active === false && ' — not Active'}
              <div className="serving__line">
                {q.pendingWorkloads ?? '?'} pending, {q.admittedWorkloads ?? '?'} admitted
              </div>
            </li>
          ))}
        </ul>
      )}
      {kueue.workloads.length > 0 && (
        <ul className="evidence__list">
          {kueue.workloads.map((w) => (
            <li
              key={`${w.namespace}/${w.name}`}
              className="evidence__item"
              data-testid="kueue-workload"
              data-workload={`${w.namespace}/${w.name}`}
              data-state={w.workloadState}
            >
              <strong>
                Workload {w.namespace}/{w.name}
              </strong>
              {w.owner !== null && <span className="muted"> ({w.owner})</span>}
              <div className="serving__line">{workloadText(w, kueue.positionsKnown)}</div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Panel({ cluster, stale }: { cluster: string; stale: boolean }): JSX.Element {
  const { data, error } = useServingPath(cluster);
  if (data === undefined) {
    return error === null ? <p>Loading…</p> : <p role="alert">{describeError(error)}</p>;
  }
  if (data === null) return <p data-testid="serving-not-watched">Cluster “{cluster}” is not watched.</p>;
  return (
    <>
      {data.servingPath === null ? (
        <p data-testid="serving-unknown">Unknown: this replica has no summary of the cluster yet.</p>
      ) : (
        <GatewayApi serving={data.servingPath} stale={stale} />
      )}
      {data.kueue !== null && <KueueQueues kueue={data.kueue} stale={stale} />}
    </>
  );
}

/**
 * How requests reach the pods (Gateway API routes and the Services behind them) and which batch work waits
 * for quota (Kueue): asked for when opened and drawn over the card, like the pods not serving. `stale`: the
 * cluster's data is stale, and so are these statuses (drawn muted, never in their own colour).
 */
export function ServingPath({ cluster, stale }: { cluster: string; stale: boolean }): JSX.Element {
  return (
    <OnDemandPopover
      label="Routes & queues"
      hideLabel="Hide routes"
      title="Serving path and queues"
      testId="serving-path"
    >
      <Panel cluster={cluster} stale={stale} />
    </OnDemandPopover>
  );
}
