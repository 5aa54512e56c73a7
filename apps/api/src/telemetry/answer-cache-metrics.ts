import { Counter, Gauge, type Registry } from 'prom-client';
import type { AnswerCacheStats } from '../graphql/answer-cache/answer-cache.ts';

/**
 * The query answer cache on /metrics: hits (answered without executing), misses (executed and kept),
 * queries not cacheable, answers dropped to stay within the bound, and the bytes and answers kept.
 */
export function registerAnswerCacheMetrics(registry: Registry, stats: AnswerCacheStats): void {
  for (const [name, help, read] of [
    [
      'fleetscope_answer_cache_hits_total',
      'Queries answered from the answer cache, without executing.',
      () => stats.hits,
    ],
    [
      'fleetscope_answer_cache_misses_total',
      'Cacheable queries executed because no answer was kept for their key (or the client asked Cache-Control: no-cache).',
      () => stats.misses,
    ],
    [
      'fleetscope_answer_cache_bypasses_total',
      'Queries the answer cache does not serve: a field that declares no slice dependency or is never cached (I/O, time ranges), variables over 16 KB.',
      () => stats.bypasses,
    ],
    [
      'fleetscope_answer_cache_evictions_total',
      'Answers dropped, least recently used first, to keep the cache within --answer-cache-mb.',
      () => stats.evictions(),
    ],
  ] as const) {
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(read());
      },
    });
  }
  new Gauge({
    name: 'fleetscope_answer_cache_bytes',
    help: 'Bytes the answer cache holds (answers, their keys and the plans of documents seen), bounded by --answer-cache-mb.',
    registers: [registry],
    collect() {
      this.set(stats.bytes());
    },
  });
  new Gauge({
    name: 'fleetscope_answer_cache_entries',
    help: 'Answers the answer cache holds.',
    registers: [registry],
    collect() {
      this.set(stats.entries());
    },
  });
}
