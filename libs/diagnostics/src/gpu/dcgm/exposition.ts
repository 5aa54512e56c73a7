import type { MetricFamily } from '../../exposition/parse.ts';
import type { DcgmSample } from './fold.ts';

/**
 * The DCGM samples of a parsed exposition (a dcgm-exporter scrape). Samples without their own
 * timestamp take `scrapedAtMs` (the file's time, or now).
 */
export function dcgmSamplesFromFamilies(
  families: readonly MetricFamily[],
  scrapedAtMs: number,
): DcgmSample[] {
  const out: DcgmSample[] = [];
  for (const family of families) {
    if (!family.name.startsWith('DCGM_')) continue;
    for (const s of family.samples) {
      out.push({
        metric: s.name,
        labels: s.labels,
        value: s.value,
        timestampMs: s.timestampMs ?? scrapedAtMs,
      });
    }
  }
  return out;
}
