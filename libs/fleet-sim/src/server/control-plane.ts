import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { EXPOSITION_CONTENT_TYPE, renderExposition } from '../control-plane/exposition.ts';
import { etcdMemberName, type Target } from '../control-plane/families.ts';
import type { WebhookOperation } from '../control-plane/spec.ts';
import type { SimCluster } from '../model/cluster.ts';
import type { JsonObject } from '../model/types.ts';
import { sendJson } from './status.ts';

/**
 * The control-plane side of the simulated API server: Prometheus exposition endpoints, health endpoints
 * shaped by the scenario, and the admission / etcd steps of write requests (webhook latency and
 * timeouts, slow or failing persistence).
 */

/** Prefix of the exposition endpoints. */
export const METRICS_PREFIX = '/sim/metrics';

const TARGETS: readonly Target[] = ['apiserver', 'etcd', 'scheduler', 'controller-manager'];

function sendText(
  res: ServerResponse,
  code: number,
  body: string,
  contentType = 'text/plain; charset=utf-8',
): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(code, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache, private',
  });
  res.end(body);
}

/**
 * Serves `/sim/metrics/<target>` (and `/sim/metrics/etcd/<member>`); `/sim/metrics` lists the paths.
 * etcd/scheduler/controller-manager answer 404 on a managed control plane; a down etcd member answers
 * 503 (so Prometheus records `up` 0 for it). `/sim/metrics/etcd` is member `etcd-0`'s exposition.
 */
export function serveMetrics(cluster: SimCluster, pathname: string, res: ServerResponse): void {
  const state = cluster.controlPlane;
  const spec = state.spec();
  const rest = pathname.slice(METRICS_PREFIX.length).split('/').filter(Boolean);
  if (rest.length === 0) {
    const paths = [`${METRICS_PREFIX}/apiserver`];
    if (!spec.managed) {
      paths.push(`${METRICS_PREFIX}/etcd`);
      for (let m = 0; m < spec.etcd.members; m++) paths.push(`${METRICS_PREFIX}/etcd/${etcdMemberName(m)}`);
      paths.push(`${METRICS_PREFIX}/scheduler`, `${METRICS_PREFIX}/controller-manager`);
    }
    sendText(res, 200, `${paths.join('\n')}\n`);
    return;
  }
  const [first, second, ...extra] = rest;
  const target = TARGETS.find((t) => t === first);
  if (!target || extra.length > 0 || (second !== undefined && target !== 'etcd')) {
    sendText(res, 404, '404 page not found\n');
    return;
  }
  if (target !== 'apiserver' && spec.managed) {
    sendText(res, 404, `${target} metrics are not exposed by this managed control plane\n`);
    return;
  }
  let member = 0;
  if (second !== undefined) {
    member = [...Array(spec.etcd.members).keys()].findIndex((m) => etcdMemberName(m) === second);
    if (member < 0) {
      sendText(res, 404, `no etcd member "${second}"\n`);
      return;
    }
  }
  const families = state.evaluate(target, member);
  if (!families) {
    sendText(res, 503, `etcd member ${etcdMemberName(member)} is unreachable\n`);
    return;
  }
  sendText(res, 200, renderExposition(families), EXPOSITION_CONTENT_TYPE);
}

const READYZ_CHECKS = [
  'ping',
  'log',
  'etcd',
  'etcd-readiness',
  'informer-sync',
  'poststarthook/start-apiserver-admission-initializer',
  'poststarthook/generic-apiserver-start-informers',
  'poststarthook/start-apiextensions-controllers',
  'poststarthook/crd-informer-synced',
  'shutdown',
];
/** livez has no etcd check: restarting an API server does not bring etcd back. */
const LIVEZ_CHECKS = READYZ_CHECKS.filter(
  (c) => !c.startsWith('etcd') && c !== 'informer-sync' && c !== 'shutdown',
);
const HEALTHZ_CHECKS = READYZ_CHECKS.filter(
  (c) => c !== 'etcd-readiness' && c !== 'informer-sync' && c !== 'shutdown',
);

/**
 * `/readyz`, `/livez`, `/healthz` (and `/<endpoint>/<check>`, `?verbose`) with the scenario's latency;
 * without etcd quorum the etcd checks fail: 500 and `[-]etcd failed: reason withheld`.
 */
export async function serveHealth(
  cluster: SimCluster,
  url: URL,
  res: ServerResponse,
  latencyScale: number,
): Promise<void> {
  const [endpoint = 'healthz', ...checkPath] = url.pathname.split('/').filter(Boolean);
  const serving = cluster.controlPlane.spec().serving;
  const delay = (endpoint === 'livez' ? serving.livezMs : serving.readyzMs) * latencyScale;
  if (delay > 0) await sleep(delay);
  const checks = endpoint === 'readyz' ? READYZ_CHECKS : endpoint === 'livez' ? LIVEZ_CHECKS : HEALTHZ_CHECKS;
  const quorum = cluster.controlPlane.quorum();
  const failing = (check: string): boolean => !quorum && (check === 'etcd' || check === 'etcd-readiness');
  if (checkPath.length > 0) {
    const check = checkPath.join('/');
    if (!checks.includes(check)) return sendText(res, 404, '404 page not found\n');
    if (failing(check))
      return sendText(res, 500, `internal server error: ${check} failed: reason withheld\n`);
    return sendText(res, 200, 'ok');
  }
  const failed = checks.filter(failing);
  const verbose = url.searchParams.has('verbose');
  if (failed.length === 0 && !verbose) return sendText(res, 200, 'ok');
  const lines = checks.map((c) => (failing(c) ? `[-]${c} failed: reason withheld` : `[+]${c} ok`));
  lines.push(failed.length > 0 ? `${endpoint} check failed` : `${endpoint} check passed`);
  sendText(res, failed.length > 0 ? 500 : 200, `${lines.join('\n')}\n`);
}

/** The Status a failed webhook call produces (500 InternalError with the call error as cause). */
function webhookFailure(name: string, url: string): JsonObject {
  const cause = `failed calling webhook "${name}": failed to call webhook: Post "${url}": context deadline exceeded`;
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `Internal error occurred: ${cause}`,
    reason: 'InternalError',
    details: { causes: [{ message: cause }] },
    code: 500,
  };
}

/**
 * Runs the admission webhooks that intercept this request (mutating first, then validating), taking
 * their latency; a call that times out makes a `Fail` webhook reject the request (returned Status) and
 * lets an `Ignore` webhook's request through (fail open). Undefined when admitted.
 */
export async function runAdmission(
  cluster: SimCluster,
  operation: WebhookOperation,
  resource: string,
  namespace: string | undefined,
  latencyScale: number,
): Promise<JsonObject | undefined> {
  const state = cluster.controlPlane;
  const hooks = state
    .spec()
    .webhooks.filter(
      (w) =>
        w.rules.operations.includes(operation) &&
        (w.rules.resources.includes('*') || w.rules.resources.includes(resource)) &&
        !(namespace !== undefined && w.excludedNamespaces.includes(namespace)),
    )
    .sort((a, b) => (a.type === b.type ? 0 : a.type === 'mutating' ? -1 : 1));
  for (const hook of hooks) {
    if (state.nextWebhookCallTimesOut(hook.name)) {
      await sleep(hook.timeoutSeconds * 1000 * latencyScale);
      if (hook.failurePolicy === 'Fail') return webhookFailure(hook.name, hook.url);
      continue;
    }
    const ms = hook.latency.p50 * 1000 * latencyScale;
    if (ms > 0) await sleep(ms);
  }
  return undefined;
}

/**
 * The etcd step of a persisted write: waits the scenario's write latency, or — without quorum — fails
 * after etcd's request timeout with the error etcd gives (500, no reason, like an unwrapped storage error).
 * Returns true when the write may proceed.
 */
export async function persistStep(
  cluster: SimCluster,
  res: ServerResponse,
  latencyScale: number,
): Promise<boolean> {
  const state = cluster.controlPlane;
  const serving = state.spec().serving;
  const error = serving.writeError ?? (state.quorum() ? undefined : 'etcdserver: request timed out');
  if (error) {
    const wait = serving.writeFailAfterMs * latencyScale;
    if (wait > 0) await sleep(wait);
    sendJson(res, 500, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: error,
      code: 500,
    });
    return false;
  }
  const wait = serving.writeMs * latencyScale;
  if (wait > 0) await sleep(wait);
  return true;
}

/** Sends a Status object built by `runAdmission`. */
export function sendStatusObject(res: ServerResponse, status: JsonObject): void {
  sendJson(res, typeof status.code === 'number' ? status.code : 500, status);
}

/** Extra latency of GET/LIST under the scenario (e.g. APF queueing). */
export async function readStep(cluster: SimCluster, latencyScale: number): Promise<void> {
  const wait = cluster.controlPlane.spec().serving.readMs * latencyScale;
  if (wait > 0) await sleep(wait);
}
