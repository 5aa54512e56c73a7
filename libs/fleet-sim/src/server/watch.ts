import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultInjector } from '../faults.ts';
import { groupVersion, type ResourceType } from '../model/resources.ts';
import type { ObjectStore } from '../model/store.ts';
import type { ChangeRecord, JsonObject, KubeObject } from '../model/types.ts';
import { matchesFilter, type ObjectFilter } from './selectors.ts';
import { sendBadRequest, sendStatus, statusObject } from './status.ts';
import { toTable, wantsTable } from './table.ts';

/** An open watch stream, so faults and shutdown can close or wedge it. */
export interface OpenWatch {
  resource: string;
  close(mode: 'abort' | 'end'): void;
  /** Stops delivering anything from now on; with closeAtDeadline false it also ignores its deadline. */
  wedge(closeAtDeadline: boolean): void;
  /** Cuts the next event short mid-JSON (bytes lost on the way), then ends the stream or continues. */
  truncate(then: 'end' | 'continue'): void;
}

export interface WatchSettings {
  /**
   * Bookmarks are due roughly this often per watcher (kube-apiserver: 1 min), and once more 2 s before the
   * watch's deadline. A due bookmark is sent only when `progressRv` is newer than what the watcher has
   * seen, so a quiet resource gets none at all — as from a real watch cache.
   */
  bookmarkFrequencyMs: number;
  /**
   * The newest resourceVersion the watch cache has processed for a resource: its last change, or a newer
   * revision from an etcd progress notification.
   */
  progressRv: (resource: string) => number;
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
 * Bookmarks follow kube-apiserver's watch cache (see WatchSettings.bookmarkFrequencyMs); the stream
 * ends cleanly at `timeoutSeconds`.
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
  let wedged = settings.faults.wedged(type.name) ?? null;
  // A `truncate-line` fault armed before this watch opened applies to it too.
  let truncateNext = settings.faults.takeTruncate(type.name);
  // The newest resourceVersion this watcher has been sent (or started from): bookmarks never repeat it.
  let sentRv = initial ? settings.progressRv(type.name) : Number(rvParam);
  const write = (eventType: string, object: KubeObject | JsonObject): void => {
    if (res.destroyed || res.writableEnded || wedged) return;
    const rv = Number((object as KubeObject).metadata?.resourceVersion);
    if (Number.isFinite(rv) && rv > sentRv) sentRv = rv;
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
    const line =
      wire === object ? eventLine(eventType, object) : JSON.stringify({ type: eventType, object: wire });
    if (truncateNext && eventType !== 'BOOKMARK') {
      // Half an event and a newline: what a client sees when bytes were lost on the way.
      const half = `${line.slice(0, Math.max(1, Math.floor(line.length / 2)))}\n`;
      const then = truncateNext;
      truncateNext = undefined;
      if (then === 'end') res.end(half);
      else res.write(half);
      return;
    }
    res.write(`${line}\n`);
  };
  const bookmark = (rv: number, annotations?: Record<string, string>): void => {
    write('BOOKMARK', {
      kind: type.kind,
      apiVersion: groupVersion(type),
      metadata: { resourceVersion: String(rv), ...(annotations ? { annotations } : {}) },
    });
  };

  if (wedged) {
    // A wedged watch cache replays nothing either.
  } else if (initial) {
    for (const object of store.list(type.name))
      if (matchesFilter(type.name, filter, object)) write('ADDED', object);
    if (sendInitialEvents && bookmarks) bookmark(sentRv, { 'k8s.io/initial-events-end': 'true' });
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
  // Bookmark timing runs on the wall clock, like the stream's timeout (the cluster clock may be simulated).
  const openedAt = Date.now();
  const deadline =
    timeoutSeconds !== undefined && timeoutSeconds > 0 ? openedAt + timeoutSeconds * 1000 : undefined;
  if (bookmarks) {
    let due: number | undefined = nextBookmarkTime(openedAt, settings.bookmarkFrequencyMs, deadline);
    // Like the watch cache's bookmark timer: a check about every second (faster when tests speed time up).
    const tick = Math.max(10, Math.min(1_000, settings.bookmarkFrequencyMs / 4));
    timers.push(
      setInterval(() => {
        const now = Date.now();
        if (due === undefined || now < due) return;
        const progress = settings.progressRv(type.name);
        // Never a bookmark while delayed events are pending: it would claim their resourceVersion.
        if (progress > sentRv && delayed.size === 0) bookmark(progress);
        due = nextBookmarkTime(now, settings.bookmarkFrequencyMs, deadline);
      }, tick),
    );
  }
  if (deadline !== undefined) {
    timers.push(
      setTimeout(
        () => {
          if (!wedged || wedged.closeAtDeadline) res.end();
        },
        (timeoutSeconds as number) * 1000,
      ),
    );
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
    wedge(closeAtDeadline) {
      wedged = { closeAtDeadline };
    },
    truncate(then) {
      truncateNext = then;
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

/**
 * Each stored object's watch event line, by event type. Stored objects are never mutated, so the line
 * never changes: every watcher of a resource, and every replay from history, serializes an object once
 * (as kube-apiserver's watch cache does with its cachingObject).
 */
const eventLines = new WeakMap<object, { type: string; line: string }>();

function eventLine(type: string, object: KubeObject | JsonObject): string {
  const cached = eventLines.get(object);
  if (cached !== undefined && cached.type === type) return cached.line;
  const line = JSON.stringify({ type, object });
  eventLines.set(object, { type, line });
  return line;
}

/**
 * When a watcher's next bookmark is due: `frequencyMs` from now, or 2 s before its deadline if that is
 * sooner; undefined once the pre-deadline moment has passed (kube-apiserver's cacheWatcher.nextBookmarkTime).
 */
export function nextBookmarkTime(
  now: number,
  frequencyMs: number,
  deadline: number | undefined,
): number | undefined {
  let due = now + frequencyMs;
  if (deadline === undefined) return due;
  const preTimeout = deadline - 2_000;
  if (preTimeout < due) due = preTimeout;
  return due < now ? undefined : due;
}
