import { projectObject } from '@fleetscope/diagnostics';
import type { ObjectRecord, RecordKind } from '@fleetscope/types';
import { ObjectStore } from '../apps/api/src/stores/object-store.ts';

/**
 * The API's ingest path, without the network: what the reflector does with LIST pages (parse, project
 * every item, replace the kind in the store) and with watch event lines (parse, project, upsert).
 */

interface ListBody {
  items: unknown[];
}

function parseList(page: string): ListBody {
  const body: unknown = JSON.parse(page);
  const items = (body as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) throw new Error('LIST page without items');
  return { items };
}

/** Parses and projects every item of the pages; throws on a rejected item (the fixtures are valid). */
export function projectPages(kind: RecordKind, pages: Iterable<string>): ObjectRecord[] {
  const records: ObjectRecord[] = [];
  for (const page of pages) {
    for (const item of parseList(page).items) {
      const result = projectObject(kind, item);
      if (!result.ok) throw new Error(`fixture rejected: ${result.error}`);
      records.push(result.record);
    }
  }
  return records;
}

/** An initial sync: LIST pages → projected records → `replaceAll` into `store`. Returns the item count. */
export function syncPages(store: ObjectStore, kind: RecordKind, pages: Iterable<string>): number {
  const records = projectPages(kind, pages);
  store.replaceAll(kind, records);
  return records.length;
}

/** Applies MODIFIED/ADDED watch event lines to `store` like the reflector does. Returns the upserts. */
export function applyEventLines(store: ObjectStore, kind: RecordKind, lines: readonly string[]): number {
  let changed = 0;
  for (const line of lines) {
    const event = JSON.parse(line) as { type?: unknown; object?: unknown };
    const result = projectObject(kind, event.object);
    if (!result.ok) throw new Error(`fixture rejected: ${result.error}`);
    if (store.upsert(result.record)) changed += 1;
  }
  return changed;
}

export { ObjectStore };
