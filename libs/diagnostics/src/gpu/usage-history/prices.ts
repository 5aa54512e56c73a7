/**
 * Price per GPU-hour per SKU, as an operator writes it: `h100=2.5,a100=1.2` (a key is a GPU product
 * like `NVIDIA-H100-80GB-HBM3`, or one of its dash-separated words like `h100`, any case). Money has
 * no currency here: it is in whatever unit the prices are in.
 */
export interface GpuPrice {
  key: string;
  perGpuHour: number;
}

export type GpuPrices = readonly GpuPrice[];

/** Parses `key=price,key=price`; every problem is reported, good entries are kept. */
export function parseGpuPrices(raw: string): { prices: GpuPrice[]; problems: string[] } {
  const prices: GpuPrice[] = [];
  const problems: string[] = [];
  for (const entry of raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')) {
    const eq = entry.indexOf('=');
    const key = (eq === -1 ? entry : entry.slice(0, eq)).trim().toLowerCase();
    const value = eq === -1 ? '' : entry.slice(eq + 1).trim();
    const price = Number(value);
    if (key === '' || value === '' || !Number.isFinite(price) || price < 0 || !/^\d*\.?\d+$/.test(value)) {
      problems.push(`--gpu-price: "${entry}" is not <gpu>=<price per GPU-hour> (e.g. h100=2.5)`);
      continue;
    }
    if (prices.some((p) => p.key === key)) {
      problems.push(`--gpu-price: "${key}" is priced twice`);
      continue;
    }
    prices.push({ key, perGpuHour: price });
  }
  return { prices, problems };
}

/**
 * The price of one GPU-hour of `sku`, or null when none applies: the whole product name first, then
 * a key equal to one of its words (`NVIDIA-A100-SXM4-80GB-MIG-1g.10gb` is an `a100`). Two word
 * matches with different prices are ambiguous: null rather than a guess.
 */
export function priceForSku(sku: string, prices: GpuPrices): number | null {
  const name = sku.trim().toLowerCase();
  if (name === '') return null;
  const exact = prices.find((p) => p.key === name);
  if (exact !== undefined) return exact.perGpuHour;
  const words = new Set(name.split(/[-_\s]+/));
  const matches = new Set(prices.filter((p) => words.has(p.key)).map((p) => p.perGpuHour));
  return matches.size === 1 ? ([...matches][0] ?? null) : null;
}
