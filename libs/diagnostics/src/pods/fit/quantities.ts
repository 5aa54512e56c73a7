/** How the fit check words amounts: cpu as Kubernetes writes it, memory in binary units. */

function trim(value: number): string {
  return String(Number(value.toFixed(2)));
}

/** Millicores as a person reads them: 1500 → "1.5", 250 → "250m", 4000 → "4". */
export function formatCpu(millis: number): string {
  if (millis % 1000 === 0 || millis >= 1000) return trim(millis / 1000);
  return `${millis}m`;
}

const BINARY: readonly [string, number][] = [
  ['Ei', 2 ** 60],
  ['Pi', 2 ** 50],
  ['Ti', 2 ** 40],
  ['Gi', 2 ** 30],
  ['Mi', 2 ** 20],
  ['Ki', 2 ** 10],
];

/** Bytes as a Kubernetes quantity (not control-plane/format.ts's "8 GiB"): in the largest binary unit that keeps a whole part: 8589934592 → "8Gi", 1610612736 → "1.5Gi". */
export function formatBinaryQuantity(bytes: number): string {
  for (const [unit, size] of BINARY) if (bytes >= size) return `${trim(bytes / size)}${unit}`;
  return String(bytes);
}

/** An amount of a resource in its own terms (cpu in cores, memory and hugepages in bytes, the rest as counts). */
export function formatAmount(resource: string, amount: number): string {
  if (resource === 'cpu') return formatCpu(amount);
  if (resource === 'memory' || resource === 'ephemeral-storage' || resource.startsWith('hugepages-')) {
    return formatBinaryQuantity(amount);
  }
  return String(amount);
}
