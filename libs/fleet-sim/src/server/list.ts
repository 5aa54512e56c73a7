import type { ServerResponse } from 'node:http';
import type { ResourceType } from '../model/resources.ts';
import { groupVersion } from '../model/resources.ts';
import type { ObjectStore } from '../model/store.ts';
import { objectKey } from '../model/store.ts';
import type { JsonObject, KubeObject } from '../model/types.ts';
import { matchesFilter, type ObjectFilter } from './selectors.ts';
import { sendBadRequest, sendJson, sendJsonText, sendStatus } from './status.ts';
import { toTable, wantsTable } from './table.ts';

interface ContinueToken {
  rv: number;
  start: string;
}

/** Encodes a continue token like the apiserver: base64url JSON of the snapshot RV and the next key. */
export function encodeContinue(rv: number, lastKey: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start: `${lastKey}\u0000` })).toString(
    'base64url',
  );
}

/** Decodes a continue token; undefined when it is not one of ours. */
export function decodeContinue(token: string): ContinueToken | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { v, rv, start } = parsed as Record<string, unknown>;
    if (
      v !== 'meta.k8s.io/v1' ||
      typeof rv !== 'number' ||
      !Number.isInteger(rv) ||
      typeof start !== 'string'
    ) {
      return undefined;
    }
    return { rv, start };
  } catch {
    return undefined;
  }
}

/** An item as LIST returns it: without kind and apiVersion (the list carries them). */
export function listItem(object: KubeObject): Omit<KubeObject, 'kind' | 'apiVersion'> {
  const { kind: _kind, apiVersion: _apiVersion, ...item } = object;
  return item;
}

/** Index of the first object whose key is >= `start` (objects are in key order). */
function firstAtOrAfter(objects: readonly KubeObject[], start: string): number {
  let low = 0;
  let high = objects.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const o = objects[mid] as KubeObject;
    if (objectKey(o.metadata.namespace, o.metadata.name) < start) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * One page of a list: the first `limit` (0 = all) objects at or after key `start` that match the filter,
 * and how many matching objects follow it. Binary search to the start, so a page costs its own size, not
 * the list's (counting what follows is O(1) when every object matches).
 */
export function cutPage(
  resource: string,
  objects: readonly KubeObject[],
  filter: ObjectFilter,
  start: string,
  limit: number,
): { page: KubeObject[]; remaining: number } {
  const everything = filter.namespace === undefined && !filter.selective;
  const page: KubeObject[] = [];
  let i = start === '' ? 0 : firstAtOrAfter(objects, start);
  for (; i < objects.length && (limit === 0 || page.length < limit); i++) {
    const o = objects[i] as KubeObject;
    if (everything || matchesFilter(resource, filter, o)) page.push(o);
  }
  if (everything) return { page, remaining: objects.length - i };
  let remaining = 0;
  for (; i < objects.length; i++) if (matchesFilter(resource, filter, objects[i] as KubeObject)) remaining++;
  return { page, remaining };
}

function parseRv(value: string): number | undefined {
  return /^\d+$/.test(value) ? Number(value) : undefined;
}

/**
 * Serves LIST with real semantics: `resourceVersion` ("" / unset = most recent, "0" = any, N with
 * `resourceVersionMatch` Exact = that snapshot, NotOlderThan = at least N), `limit` + `continue` paging
 * over a consistent snapshot (expired → 410 Expired), label and field selectors, and Table output.
 */
export function serveList(
  store: ObjectStore,
  type: ResourceType,
  filter: ObjectFilter,
  params: URLSearchParams,
  accept: string | undefined,
  res: ServerResponse,
  now: number,
): void {
  const rvParam = params.get('resourceVersion') ?? '';
  const match = params.get('resourceVersionMatch') ?? '';
  const continueParam = params.get('continue') ?? '';
  const limitParam = params.get('limit');
  const limit = limitParam === null ? 0 : Number(limitParam);
  if (!Number.isInteger(limit) || limit < 0) {
    sendBadRequest(res, `invalid limit "${limitParam}"`);
    return;
  }
  if (match !== '' && rvParam === '') {
    sendBadRequest(res, 'resourceVersionMatch is forbidden unless resourceVersion is provided');
    return;
  }
  if (match !== '' && match !== 'Exact' && match !== 'NotOlderThan') {
    sendBadRequest(
      res,
      `resourceVersionMatch: Unsupported value: "${match}": supported values: "Exact", "NotOlderThan"`,
    );
    return;
  }

  let snapshotRv = store.latestRv();
  let start = '';
  if (continueParam !== '') {
    if (rvParam !== '' && rvParam !== '0') {
      sendBadRequest(res, 'specifying resource version is not allowed when using continue');
      return;
    }
    const token = decodeContinue(continueParam);
    if (!token) {
      sendBadRequest(
        res,
        'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
      );
      return;
    }
    snapshotRv = token.rv;
    start = token.start;
  } else if (rvParam !== '' && rvParam !== '0') {
    const rv = parseRv(rvParam);
    if (rv === undefined) {
      sendBadRequest(res, `resourceVersion: Invalid value: "${rvParam}": must be a decimal number`);
      return;
    }
    if (rv > store.latestRv()) {
      sendStatus(res, 504, 'Timeout', `Too large resource version: ${rv}, current: ${store.latestRv()}`, {
        causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
        retryAfterSeconds: 1,
      });
      return;
    }
    if (match === 'Exact') snapshotRv = rv;
  }
  // Every page of a paged list is cut from one snapshot (kept by the store between pages).
  const objects = store.listAt(type.name, snapshotRv);
  if (!objects) {
    if (continueParam !== '') {
      sendStatus(
        res,
        410,
        'Expired',
        'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
      );
    } else {
      sendStatus(res, 410, 'Expired', `too old resource version: ${snapshotRv} (${store.compactedRv() + 1})`);
    }
    return;
  }
  const { page, remaining } = cutPage(type.name, objects, filter, start, limit);
  const metadata: JsonObject = { resourceVersion: String(snapshotRv) };
  if (remaining > 0) {
    const last = page[page.length - 1] as KubeObject;
    metadata.continue = encodeContinue(snapshotRv, objectKey(last.metadata.namespace, last.metadata.name));
    if (!filter.selective) metadata.remainingItemCount = remaining;
  }
  if (wantsTable(accept)) {
    const table = toTable(type, page, metadata, params.get('includeObject'), now);
    sendJson(res, 200, table, 'application/json;as=Table;v=v1;g=meta.k8s.io');
    return;
  }
  sendJsonText(res, 200, listBody(type.listKind, groupVersion(type), metadata, page));
}

/**
 * Each stored object's JSON as a list item. Stored objects are never mutated (every write stores a fresh
 * copy), so an object's JSON never changes: serializing it once lets the pages of a 150 000-pod list cost
 * about what copying their bytes costs, as the client sees from a real API server (whose serialization
 * runs on other machines), instead of a JSON.stringify per item per list in the client's benchmarks.
 */
const itemJson = new WeakMap<KubeObject, string>();

function listItemJson(object: KubeObject): string {
  let json = itemJson.get(object);
  if (json === undefined) {
    json = JSON.stringify(listItem(object));
    itemJson.set(object, json);
  }
  return json;
}

/** The LIST body, byte for byte what JSON.stringify of `{kind, apiVersion, metadata, items}` gives. */
export function listBody(
  kind: string,
  apiVersion: string,
  metadata: JsonObject,
  items: readonly KubeObject[],
): string {
  const head = JSON.stringify({ kind, apiVersion, metadata, items: [] });
  return `${head.slice(0, -3)}[${items.map(listItemJson).join(',')}]}`;
}
