import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultInjector } from '../faults.ts';
import { groupVersion, type ResourceType } from '../model/resources.ts';
import type { ObjectStore } from '../model/store.ts';
import type { ChangeRecord, JsonObject, KubeObject } from '../model/types.ts';
import { matchesFilter, type ObjectFilter } from './selectors.ts';
import { sendBadRequest, sendStatus, statusObject } from './status.ts';
import { toTable, wantsTable } from './table.ts';

/** An open watch stream, so faults and shutdown can close it. */
export interface OpenWatch {
  resource: string;
  close(mode: 'abort' | 'end'): void;
}

export interface WatchSettings {
  bookmarkIntervalMs: number;
  faults: FaultInjector;
  registry: Set<OpenWatch>;
  now: () => number;
  /** Extra delay before live events reach the stream (watch-cache pressure); 0 = none. */
  deliveryDelayMs?: () => number;
}

type WireEvent = { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: KubeObject };

/**
 * Converts a stored change into what a filtered watcher sees (like the watch cache): an object that starts
 * matching is ADDED, one that stops matching is DELETED (previous content, new resourceVersion).
 */
export function toWireEvent(
  resource: string,
  filter: ObjectFilter,
  change: ChangeRecord,
): WireEvent | undefined {
  const now = matchesFilter(resource, filter, change.object);
  if (change.type === 'ADDED') return now ? { type: 'ADDED', object: change.object } : undefined;
  if (change.type === 'DELETED') return now ? { type: 'DELETED', object: change.object } : undefined;
  const before = change.previous ? matchesFilter(resource, filter, change.previous) : false;
  if (now && before) return { type: 'MODIFIED', object: change.object };
  if (now) return { type: 'ADDED', object: change.object };
  if (before && change.previous) {
    const object = structuredClone(change.previous);
    object.metadata.resourceVersion = change.object.metadata.resourceVersion;
    return { type: 'DELETED', object };
  }
  return undefined;
}

/**
 * Serves WATCH: newline-delimited JSON events over a chunked response. With no resourceVersion (or "0")
 * it first sends synthetic ADDED events for current objects; from N it replays history after N, then
 * streams live changes. A compacted N gets "too old resource version" (in-stream ERROR or HTTP 410).
 */
export function serveWatch(
  store: ObjectStore,
  type: ResourceType,
  filter: ObjectFilter,
  params: URLSearchParams,
  req: IncomingMessage,
  res: ServerResponse,
  settings: WatchSettings,
): void {
  const rvParam = params.get('resourceVersion') ?? '';
  const bookmarks = params.get('allowWatchBookmarks') === 'true' || params.get('allowWatchBookmarks') === '1';
  const sendInitialEvents = params.get('sendInitialEvents') === 'true';
  const timeoutParam = params.get('timeoutSeconds');
  const timeoutSeconds = timeoutParam === null ? undefined : Number(timeoutParam);
  if (timeoutSeconds !== undefined && (!Number.isFinite(timeoutSeconds) || timeoutSeconds < 0)) {
    sendBadRequest(res, `invalid timeoutSeconds "${timeoutParam}"`);
    return;
  }
  const table = wantsTable(req.headers.accept);
  const includeObject = params.get('includeObject');

  let replay: ChangeRecord[] | undefined;
  let initial = false;
  if (rvParam === '' || rvParam === '0' || sendInitialEvents) {
    initial = true;
  } else {
    if (!/^\d+$/.test(rvParam)) {
      sendBadRequest(res, `resourceVersion: Invalid value: "${rvParam}"`);
      return;
    }
    const rv = Number(rvParam);
    const forced = settings.faults.takeGone(type.name);
    replay = forced ? undefined : store.changesSince(type.name, rv);
    if (!replay) {
      const form = forced ?? settings.faults.expiredWatchForm;
      const message = `too old resource version: ${rv} (${store.compactedRv() + 1})`;
      if (form === 'http') {
        sendStatus(res, 410, 'Expired', message);
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
      res.end(`${JSON.stringify({ type: 'ERROR', object: statusObject(410, 'Expired', message) })}\n`);
      return;
    }
  }

  res.writeHead(200, {
    'Content-Type': table ? 'application/json;as=Table;v=v1;g=meta.k8s.io' : 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders();
  let headersSent = false;
  const write = (eventType: string, object: KubeObject | JsonObject): void => {
    if (res.destroyed || res.writableEnded) return;
    let wire: unknown = object;
    if (table && eventType !== 'BOOKMARK' && eventType !== 'ERROR') {
      const o = object as KubeObject;
      wire = toTable(
        type,
        [o],
        { resourceVersion: o.metadata.resourceVersion },
        includeObject,
        settings.now(),
        !headersSent,
      );
      headersSent = true;
    }
    res.write(`${JSON.stringify({ type: eventType, object: wire })}\n`);
  };
  const bookmark = (annotations?: Record<string, string>): void => {
    write('BOOKMARK', {
      kind: type.kind,
      apiVersion: groupVersion(type),
      metadata: { resourceVersion: store.resourceVersion(), ...(annotations ? { annotations } : {}) },
    });
  };

  if (initial) {
    for (const object of store.list(type.name))
      if (matchesFilter(type.name, filter, object)) write('ADDED', object);
    if (sendInitialEvents && bookmarks) bookmark({ 'k8s.io/initial-events-end': 'true' });
  } else {
    for (const change of replay ?? []) {
      const event = toWireEvent(type.name, filter, change);
      if (event) write(event.type, event.object);
    }
  }
  // Delayed events keep their order (equal delays fire in order); no BOOKMARK is sent while some are
  // pending, so a bookmark never claims a resourceVersion whose events have not been delivered.
  const delayed = new Set<NodeJS.Timeout>();
  const unsubscribe = store.subscribe((change) => {
    if (change.resource !== type.name) return;
    const event = toWireEvent(type.name, filter, change);
    if (!event) return;
    const delay = settings.deliveryDelayMs?.() ?? 0;
    if (delay <= 0) {
      write(event.type, event.object);
      return;
    }
    const timer = setTimeout(() => {
      delayed.delete(timer);
      write(event.type, event.object);
    }, delay);
    delayed.add(timer);
  });
  const timers: NodeJS.Timeout[] = [];
  if (bookmarks)
    timers.push(
      setInterval(() => {
        if (delayed.size === 0) bookmark();
      }, settings.bookmarkIntervalMs),
    );
  if (timeoutSeconds !== undefined && timeoutSeconds > 0) {
    timers.push(setTimeout(() => res.end(), timeoutSeconds * 1000));
  }
  const entry: OpenWatch = {
    resource: type.name,
    close(mode) {
      if (mode === 'abort') {
        res.destroy();
        req.socket.destroy();
      } else {
        res.end();
      }
    },
  };
  settings.registry.add(entry);
  const cleanup = (): void => {
    unsubscribe();
    for (const t of timers) clearTimeout(t);
    for (const t of delayed) clearTimeout(t);
    delayed.clear();
    settings.registry.delete(entry);
  };
  res.on('close', cleanup);
  res.on('finish', cleanup);
}
