import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { DCGM_PREFIX, serveDcgm } from '../dcgm/serve.ts';
import { FaultInjector, RequestCounter, type Verb } from '../faults.ts';
import type { SimCluster } from '../model/cluster.ts';
import { authApiGroup, authResourceList, SimAuth, serveAuthReview } from './auth-reviews.ts';
import {
  METRICS_PREFIX,
  persistStep,
  readStep,
  runAdmission,
  sendStatusObject,
  serveHealth,
  serveMetrics,
} from './control-plane.ts';
import { apiGroupDocument, apiGroupList, apiResourceList, apiVersions, versionInfo } from './discovery.ts';
import { VISIBILITY_GROUP, visibilityAnswer } from './kueue-visibility.ts';
import { serveList } from './list.ts';
import { serveCreate, serveDelete, servePatch, serveReplace } from './mutate.ts';
import { resolveRoute } from './routes.ts';
import { compileFilter, SelectorError } from './selectors.ts';
import {
  sendBadRequest,
  sendForbidden,
  sendHttpError,
  sendJson,
  sendObjectNotFound,
  sendStatus,
  sendTooManyRequests,
  sendUnknownPath,
} from './status.ts';
import { toTable, wantsTable } from './table.ts';
import { type OpenWatch, serveWatch } from './watch.ts';

export interface SimServerOptions {
  /** Interface to bind; default 127.0.0.1 (loopback only). */
  host?: string;
  /** Port; default 0 (ephemeral). */
  port?: number;
  /**
   * How often a watcher's bookmark is due (kube-apiserver: 1 min; default 60 000 ms). As from a real
   * watch cache, a due bookmark is sent only if the resource's cache has progressed past what the
   * watcher has seen, so quiet resources get none. Tests shorten it.
   */
  bookmarkFrequencyMs?: number;
  /**
   * How often etcd tells the watch cache its current revision (etcd's
   * --experimental-watch-progress-notify-interval, default 10 min; 0 = never). Only after such a
   * notification can a quiet resource's watchers get a bookmark.
   */
  progressNotifyIntervalMs?: number;
  /**
   * Multiplies every scenario latency the server enacts (webhook latency and timeouts, write and read
   * delays, health-check latency, watch delivery delay); default 1. Tests use e.g. 0.01 so a 10 s webhook
   * timeout takes 100 ms. The exposed metrics are not scaled.
   */
  latencyScale?: number;
  /**
   * How long an idle keep-alive connection stays open (Node's default is 5 s). A client that reuses a
   * connection just as the server drops it sees "other side closed"; on a loaded machine a client busy
   * for a few seconds between two LIST pages meets that race. kube-apiserver keeps idle connections
   * about 90 s (Go's http.Server IdleTimeout). Default: Node's.
   */
  keepAliveTimeoutMs?: number;
}

/** One cluster's Kubernetes API server. */
export interface SimServer {
  readonly cluster: SimCluster;
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  readonly faults: FaultInjector;
  readonly requests: RequestCounter;
  /** Tokens and RBAC rules behind TokenReview and SubjectAccessReview (empty: nobody, nothing). */
  readonly auth: SimAuth;
  /** Open watch streams, optionally for one resource. */
  openWatches(resource?: string): number;
  close(): Promise<void>;
}

function verbFor(method: string, hasName: boolean, watch: boolean): Verb | undefined {
  switch (method) {
    case 'GET':
      return hasName && !watch ? 'get' : watch ? 'watch' : 'list';
    case 'POST':
      return hasName ? undefined : 'create';
    case 'PUT':
      return hasName ? 'update' : undefined;
    case 'PATCH':
      return hasName ? 'patch' : undefined;
    case 'DELETE':
      return hasName ? 'delete' : undefined;
    default:
      return undefined;
  }
}

/** Starts an API server for one simulated cluster. */
export async function startSimServer(
  cluster: SimCluster,
  options: SimServerOptions = {},
): Promise<SimServer> {
  const host = options.host ?? '127.0.0.1';
  const faults = new FaultInjector();
  const requests = new RequestCounter();
  const auth = new SimAuth();
  const registry = new Set<OpenWatch>();
  const bookmarkFrequencyMs = options.bookmarkFrequencyMs ?? 60_000;
  const progressNotifyIntervalMs = options.progressNotifyIntervalMs ?? 600_000;
  if (!(bookmarkFrequencyMs > 0)) throw new RangeError('startSimServer: bookmarkFrequencyMs must be > 0');
  // The revision the watch caches last heard of from etcd: at start (their initial list), then at
  // each progress notification.
  let notifiedRv = cluster.store.latestRv();
  const progressNotifier =
    progressNotifyIntervalMs > 0
      ? setInterval(() => {
          notifiedRv = cluster.store.latestRv();
        }, progressNotifyIntervalMs)
      : undefined;
  progressNotifier?.unref();
  const progressRv = (resource: string): number => Math.max(notifiedRv, cluster.store.lastChangeRv(resource));
  const latencyScale = options.latencyScale ?? 1;
  if (!(latencyScale >= 0)) throw new RangeError('startSimServer: latencyScale must be >= 0');
  let address = `${host}:0`;

  const closeWatches = (resource: string, mode: 'abort' | 'end'): number => {
    let closed = 0;
    for (const w of [...registry]) {
      if (resource === '*' || w.resource === resource) {
        w.close(mode);
        closed++;
      }
    }
    return closed;
  };
  const wedgeWatches = (resource: string, closeAtDeadline: boolean): number => {
    let wedged = 0;
    for (const w of registry) {
      if (resource === '*' || w.resource === resource) {
        w.wedge(closeAtDeadline);
        wedged++;
      }
    }
    return wedged;
  };
  const truncateWatches = (resource: string): number => {
    let truncated = 0;
    for (const w of registry) {
      if (resource !== '*' && w.resource !== resource) continue;
      const then = faults.takeTruncate(w.resource);
      if (!then) continue;
      w.truncate(then);
      truncated++;
    }
    return truncated;
  };
  faults.attach({ closeWatches, wedgeWatches, truncateWatches, compact: () => cluster.store.compact() });
  // A CRD deleted: the watches of its resources end (their paths answer 404 from now on).
  const stopServed = cluster.onServingRemoved((removed) => {
    for (const t of removed) closeWatches(t.name, 'end');
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim.local');
    const method = req.method ?? 'GET';
    if (url.pathname === DCGM_PREFIX || url.pathname.startsWith(`${DCGM_PREFIX}/`)) {
      if (method !== 'GET' && method !== 'HEAD')
        return sendStatus(
          res,
          405,
          'MethodNotAllowed',
          'the server does not allow this method on the requested resource',
        );
      return serveDcgm(cluster, url.pathname, res);
    }
    if (url.pathname === METRICS_PREFIX || url.pathname.startsWith(`${METRICS_PREFIX}/`)) {
      if (method !== 'GET' && method !== 'HEAD')
        return sendStatus(
          res,
          405,
          'MethodNotAllowed',
          'the server does not allow this method on the requested resource',
        );
      return serveMetrics(cluster, url.pathname, res);
    }
    if (await serveAuthReview(auth, url.pathname, method, req, res)) return;
    if (url.pathname.startsWith(`/apis/${VISIBILITY_GROUP}`)) {
      // Kueue's aggregated visibility API, where the cluster runs Kueue (read-only).
      const answer = method === 'GET' ? visibilityAnswer(cluster, url.pathname) : undefined;
      return answer === undefined ? sendUnknownPath(res) : sendJson(res, 200, answer);
    }
    const route = resolveRoute(url.pathname, cluster.served);
    const params = url.searchParams;
    if (route.kind !== 'resource') {
      if (method !== 'GET' && method !== 'HEAD')
        return sendStatus(
          res,
          405,
          'MethodNotAllowed',
          'the server does not allow this method on the requested resource',
        );
      switch (route.kind) {
        case 'health':
          return serveHealth(cluster, url, res, latencyScale);
        case 'version':
          return sendJson(res, 200, versionInfo(cluster.version));
        case 'api-versions':
          return sendJson(res, 200, apiVersions(address));
        case 'api-groups':
          return sendJson(res, 200, apiGroupList(cluster.served));
        case 'api-group': {
          const doc = apiGroupDocument(route.group, cluster.served) ?? authApiGroup(route.group);
          return doc ? sendJson(res, 200, doc) : sendUnknownPath(res);
        }
        case 'resource-list': {
          const doc =
            apiResourceList(route.group, route.version, cluster.served) ??
            authResourceList(route.group, route.version);
          return doc ? sendJson(res, 200, doc) : sendUnknownPath(res);
        }
        default:
          return sendUnknownPath(res);
      }
    }
    const { type, namespace, name, subresource } = route;
    const watch = route.legacyWatch || params.get('watch') === 'true' || params.get('watch') === '1';
    const verb = verbFor(method, name !== undefined, watch);
    if (!verb) {
      return sendStatus(
        res,
        405,
        'MethodNotAllowed',
        'the server does not allow this method on the requested resource',
        {},
      );
    }
    requests.record(type.name, verb);
    if (faults.notFound(type.name) && (verb === 'get' || verb === 'list' || verb === 'watch'))
      return sendUnknownPath(res);
    if (faults.forbidden(type.name)) return sendForbidden(res, type, verb, namespace);
    const retryAfter = faults.takeTooManyRequests(type.name, verb);
    if (retryAfter !== undefined) return sendTooManyRequests(res, retryAfter);
    const failure = faults.takeHttpError(type.name, verb);
    if (failure !== undefined) return sendHttpError(res, failure);
    const delay = faults.takeDelay(type.name, verb);
    if (delay > 0) await sleep(delay);

    if (verb === 'get' || verb === 'list') await readStep(cluster, latencyScale);
    if (verb === 'create' || verb === 'update' || verb === 'patch' || verb === 'delete') {
      // Admission (webhooks) then persistence (etcd), as the scenario has them; status subresources
      // are not intercepted by the simulated webhooks' rules.
      const operation = verb === 'create' ? 'CREATE' : verb === 'delete' ? 'DELETE' : 'UPDATE';
      if (subresource === undefined) {
        const rejected = await runAdmission(cluster, operation, type.name, namespace, latencyScale);
        if (rejected) return sendStatusObject(res, rejected);
      }
      if (!params.getAll('dryRun').includes('All') && !(await persistStep(cluster, res, latencyScale)))
        return;
    }

    const store = cluster.store;
    switch (verb) {
      case 'get': {
        const object = store.get(type.name, namespace, name ?? '');
        if (!object) return sendObjectNotFound(res, type, name ?? '');
        if (wantsTable(req.headers.accept)) {
          const table = toTable(
            type,
            [object],
            { resourceVersion: object.metadata.resourceVersion },
            params.get('includeObject'),
            cluster.clock.now(),
          );
          return sendJson(res, 200, table, 'application/json;as=Table;v=v1;g=meta.k8s.io');
        }
        return sendJson(res, 200, object);
      }
      case 'list':
      case 'watch': {
        let filter: ReturnType<typeof compileFilter>;
        try {
          filter = compileFilter(type.name, namespace, params);
          if (name !== undefined) filter.fields.push({ field: 'metadata.name', operator: 'eq', value: name });
        } catch (error) {
          if (error instanceof SelectorError) return sendBadRequest(res, error.message);
          throw error;
        }
        if (verb === 'list') {
          return serveList(store, type, filter, params, req.headers.accept, res, cluster.clock.now());
        }
        return serveWatch(store, type, filter, params, req, res, {
          bookmarkFrequencyMs,
          progressRv,
          faults,
          registry,
          now: () => cluster.clock.now(),
          deliveryDelayMs: () => cluster.controlPlane.spec().watch.deliveryDelayMs * latencyScale,
        });
      }
      case 'create':
        return serveCreate(cluster, type, namespace, params, req, res);
      case 'update':
        return serveReplace(cluster, type, namespace, name ?? '', subresource, params, req, res);
      case 'patch':
        return servePatch(cluster, type, namespace, name ?? '', subresource, params, req, res);
      case 'delete':
        return serveDelete(cluster, type, namespace, name ?? '', params, res);
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        sendStatus(res, 500, 'InternalError', `Internal error occurred: ${(error as Error).message}`);
      else res.destroy();
    });
  });
  if (options.keepAliveTimeoutMs !== undefined) server.keepAliveTimeout = options.keepAliveTimeoutMs;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  address = `${host}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    cluster,
    url: `http://${host}:${port}`,
    port,
    faults,
    requests,
    auth,
    openWatches: (resource?: string) =>
      [...registry].filter((w) => resource === undefined || w.resource === resource).length,
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve) => {
        clearInterval(progressNotifier);
        stopServed();
        closeWatches('*', 'end');
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
