/**
 * Opaque page cursors for `Cluster.troubledPods`. A cursor names the position (namespace and name, the
 * list's order), not an index, so a page stays correct when pods come and go between requests.
 */
const PREFIX = 'pod:';

export function encodePodCursor(namespace: string, name: string): string {
  return Buffer.from(`${PREFIX}${namespace}/${name}`, 'utf8').toString('base64url');
}

/** The namespace/name a cursor names, or null when it is not one of ours. */
export function decodePodCursor(cursor: string): { namespace: string; name: string } | null {
  if (!/^[A-Za-z0-9_-]{1,800}$/.test(cursor)) return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(PREFIX)) return null;
  const key = text.slice(PREFIX.length);
  const slash = key.indexOf('/');
  if (slash <= 0 || slash === key.length - 1) return null;
  return { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

/** The list's order: namespace, then name (code-unit order, as the tally sorts them). */
export function comparePodKeys(
  a: { namespace: string; name: string },
  b: { namespace: string; name: string },
): number {
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return 0;
}
