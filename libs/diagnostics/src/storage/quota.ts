import type { ResourceQuotaRecord } from '@fleetscope/types';
import { parseQuantity } from '../projection/fields.ts';

/** What the quota admission plugin says when it refuses a pod ("exceeded quota: q, requested: …, used: …, limited: …"). */
export interface QuotaRefusal {
  quota: string;
  /** Resource name → quantity text, as the message gives them. */
  requested: Record<string, string>;
  used: Record<string, string>;
  limited: Record<string, string>;
}

const LIST = '([^\\s,]+=[^\\s,]+(?:,[^\\s,]+=[^\\s,]+)*)';
const EXCEEDED = new RegExp(
  `exceeded quota: ([^\\s,]+), requested: ${LIST}, used: ${LIST}, limited: ${LIST}`,
);

function pairs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of text.split(',')) {
    const eq = item.indexOf('=');
    if (eq > 0) out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

/** Parses kube-apiserver's quota refusal out of a FailedCreate message; null when it is not one. */
export function parseQuotaRefusal(message: string): QuotaRefusal | null {
  const m = EXCEEDED.exec(message);
  if (m === null) return null;
  const [, quota = '', requested = '', used = '', limited = ''] = m;
  return { quota, requested: pairs(requested), used: pairs(used), limited: pairs(limited) };
}

const BINARY: readonly [string, number][] = [
  ['Ti', 2 ** 40],
  ['Gi', 2 ** 30],
  ['Mi', 2 ** 20],
  ['Ki', 2 ** 10],
];

/** A parsed quantity written back the way a person reads it: "8", "1.5", "64Gi", "500m". */
export function formatQuantity(value: number): string {
  if (Number.isInteger(value) && value >= 2 ** 10) {
    for (const [suffix, size] of BINARY) if (value % size === 0) return `${value / size}${suffix}`;
  }
  if (!Number.isInteger(value) && Number.isInteger(Math.round(value * 1000)) && value < 1)
    return `${Math.round(value * 1000)}m`;
  return String(Math.round(value * 1000) / 1000);
}

/** Resources of a quota at (or over) their hard limit, sorted by name. */
export function exhaustedResources(quota: ResourceQuotaRecord): string[] {
  const out: string[] = [];
  for (const [resource, hard] of Object.entries(quota.hard)) {
    const used = quota.used[resource];
    if (used !== undefined && used >= hard) out.push(resource);
  }
  return out.sort();
}

/** "requests.nvidia.com/gpu 8/8 used" for one resource of a quota; null when either side is unknown. */
export function usageText(quota: ResourceQuotaRecord, resource: string): string | null {
  const hard = quota.hard[resource];
  const used = quota.used[resource];
  if (hard === undefined || used === undefined) return null;
  return `${resource} ${formatQuantity(used)}/${formatQuantity(hard)} used`;
}

/**
 * The quota refusal told from the ResourceQuota itself: "ResourceQuota gpu-quota in ml:
 * requests.nvidia.com/gpu 8/8 used; the new pod asks 2". null when the message is not a quota refusal
 * or the quota is not known (the caller then keeps the FailedCreate message).
 */
export function describeQuotaRefusal(
  message: string,
  namespace: string,
  quotas: readonly ResourceQuotaRecord[] | undefined,
): { quota: ResourceQuotaRecord; resources: string[]; text: string } | null {
  const refusal = parseQuotaRefusal(message);
  if (refusal === null || quotas === undefined) return null;
  const quota = quotas.find((q) => q.namespace === namespace && q.name === refusal.quota);
  if (quota === undefined) return null;
  const resources = Object.keys(refusal.requested).sort();
  // The resources the request does not fit in now; if the quota moved since, every one requested.
  const over = resources.filter((r) => {
    const asked = parseQuantity(refusal.requested[r]);
    const hard = quota.hard[r];
    const used = quota.used[r];
    return asked !== null && hard !== undefined && used !== undefined && used + asked > hard;
  });
  const shown = over.length > 0 ? over : resources;
  const usage = shown.map((r) => usageText(quota, r) ?? `${r} (not in the quota's status)`).join(', ');
  const asks = shown.map((r) => refusal.requested[r] ?? '').join(', ');
  return {
    quota,
    resources: shown,
    text: `ResourceQuota ${quota.name} in ${namespace}: ${usage}; the new pod asks ${asks}`,
  };
}
