import type { ServerResponse } from 'node:http';
import type { ResourceType } from '../model/resources.ts';
import { groupVersion } from '../model/resources.ts';
import type { ObjectStore } from '../model/store.ts';
import { objectKey } from '../model/store.ts';
import type { JsonObject, KubeObject } from '../model/types.ts';
import { matchesFilter, type ObjectFilter } from './selectors.ts';
import { sendBadRequest, sendJson, sendStatus } from './status.ts';
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
  let objects: KubeObject[] | undefined;
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
    objects = store.snapshotAt(type.name, token.rv);
    if (!objects) {
      sendStatus(
        res,
        410,
        'Expired',
        'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
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
    if (match === 'Exact') {
      objects = store.snapshotAt(type.name, rv);
      if (!objects) {
        sendStatus(res, 410, 'Expired', `too old resource version: ${rv} (${store.compactedRv() + 1})`);
        return;
      }
      snapshotRv = rv;
    }
  }
  const all = (objects ?? store.list(type.name)).filter((o) => {
    const key = objectKey(o.metadata.namespace, o.metadata.name);
    return (start === '' || key >= start) && matchesFilter(type.name, filter, o);
  });
  const page = limit > 0 ? all.slice(0, limit) : all;
  const remaining = all.length - page.length;
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
  sendJson(res, 200, {
    kind: type.listKind,
    apiVersion: groupVersion(type),
    metadata,
    items: page.map(listItem),
  });
}
