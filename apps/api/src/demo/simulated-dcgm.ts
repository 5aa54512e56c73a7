import { dcgmSamplesFromFamilies, parseExposition } from '@fleetscope/diagnostics';
import { dcgmExposition, type SimFleet } from '@fleetscope/fleet-sim';
import type { DcgmReading, DcgmSampleSource } from '../sources/dcgm/dcgm-source.ts';

/**
 * The demo's DCGM source: each simulated cluster's dcgm-exporter exposition (the text its API server
 * serves at /sim/dcgm), parsed as a scrape. No history: the reader keeps XIDs from read to read.
 */
export class SimulatedDcgmSource implements DcgmSampleSource {
  readonly #fleet: SimFleet;

  constructor(fleet: SimFleet) {
    this.#fleet = fleet;
  }

  async read(cluster: string, now: number): Promise<DcgmReading | null> {
    const sim = this.#fleet.clusters.find((c) => c.name === cluster);
    if (sim === undefined) return null;
    const parsed = parseExposition(dcgmExposition(sim, undefined, now) ?? '');
    if (parsed.errors.length > 0) throw new Error(`simulated exposition: ${parsed.errors[0]?.message}`);
    return { samples: dcgmSamplesFromFamilies(parsed.families, now), xidHistory: null, source: 'simulator' };
  }
}
