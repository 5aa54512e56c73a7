import type { ClusterHealth } from '@fleetscope/diagnostics';
import { Injectable } from '@nestjs/common';
import type { KueueStatus, ServingPath } from './models/serving.model.ts';
import { toKueueStatus, toServingPath } from './serving.mapper.ts';

/** The serving path and Kueue of a cluster's latest summary, mapped once per summary (summaries are immutable). */
@Injectable()
export class ServingService {
  readonly #paths = new WeakMap<ClusterHealth, ServingPath>();
  readonly #kueue = new WeakMap<ClusterHealth, KueueStatus>();

  servingPath(source: ClusterHealth): ServingPath | null {
    if (source.servingPath === undefined) return null;
    let mapped = this.#paths.get(source);
    if (mapped === undefined) {
      mapped = toServingPath(source.servingPath);
      this.#paths.set(source, mapped);
    }
    return mapped;
  }

  kueue(source: ClusterHealth): KueueStatus | null {
    if (source.kueue === undefined) return null;
    let mapped = this.#kueue.get(source);
    if (mapped === undefined) {
      mapped = toKueueStatus(source.kueue);
      this.#kueue.set(source, mapped);
    }
    return mapped;
  }
}
