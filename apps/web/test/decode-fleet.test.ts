import { describe, expect, it } from 'vitest';
import { fleetFixture } from '../src/fixtures/fleet-fixture.ts';
import { DecodeError } from '../src/graphql/decode.ts';
import { decodeFleetChangedData, decodeFleetViewData } from '../src/graphql/decode-fleet.ts';

const NOW = Date.UTC(2026, 10, 27, 12);

/** A JSON round trip: what actually arrives over the wire. */
function wire(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

describe('decodeFleetViewData / decodeFleetChangedData', () => {
  it('accepts a well-formed payload unchanged', () => {
    const fleet = fleetFixture(NOW);
    expect(decodeFleetViewData(wire({ fleet }))).toEqual(fleet);
    expect(decodeFleetChangedData(wire({ fleetChanged: fleet }))).toEqual(fleet);
  });

  it('ignores extra fields a newer API adds', () => {
    const fleet = fleetFixture(NOW);
    const payload = wire({ fleet: { ...fleet, newField: 1 } });
    expect(decodeFleetViewData(payload)).toEqual(fleet);
  });

  it('maps an unknown status from a newer API to UNKNOWN, never to a healthy colour', () => {
    const fleet = wire({ fleet: fleetFixture(NOW) }) as { fleet: { clusters: Array<{ dataPlane: object }> } };
    const first = fleet.fleet.clusters[0];
    if (first === undefined) throw new Error('fixture has clusters');
    first.dataPlane = { status: 'PARTIALLY_OK', summary: 'new' };
    expect(decodeFleetViewData(fleet).clusters[0]?.dataPlane.status).toBe('UNKNOWN');
  });

  const broken: Array<[string, (f: Record<string, unknown>) => void, string]> = [
    ['missing clusters', (f) => delete f.clusters, 'fleet.clusters: expected a list, got undefined'],
    ['version as string', (f) => (f.version = '42'), 'fleet.version: expected a number, got string'],
    [
      'cluster name missing',
      (f) => {
        const clusters = f.clusters as Array<Record<string, unknown>>;
        if (clusters[1] !== undefined) delete clusters[1].name;
      },
      'fleet.clusters[1].name: expected a string, got undefined',
    ],
    [
      'fractional GPU count',
      (f) => ((f.gpus as Record<string, unknown>).allocated = 1.5),
      'fleet.gpus.allocated: expected an integer, got number',
    ],
  ];

  it.each(broken)('rejects %s with the path in the message', (_name, mutate, message) => {
    const payload = wire({ fleet: fleetFixture(NOW) }) as { fleet: Record<string, unknown> };
    mutate(payload.fleet);
    expect(() => decodeFleetViewData(payload)).toThrow(DecodeError);
    expect(() => decodeFleetViewData(payload)).toThrow(message);
  });

  it('rejects a payload without the field', () => {
    expect(() => decodeFleetViewData({})).toThrow('fleet: expected an object, got undefined');
    expect(() => decodeFleetViewData(null)).toThrow('data: expected an object, got null');
  });
});
