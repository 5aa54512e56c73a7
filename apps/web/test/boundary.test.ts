// @vitest-environment node
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, getNamedType, isEnumType, parse, TypeInfo, visit, visitWithTypeInfo } from 'graphql';
import { describe, expect, it } from 'vitest';
import { codegenConfig } from '../codegen.ts';
import { ENUM_FIELDS, rootOf, rootsOf, UnreadableAnswerError } from '../src/graphql/boundary.ts';
import * as generated from '../src/graphql/generated/graphql.ts';

const webRoot = fileURLToPath(new URL('..', import.meta.url));
const schema = buildSchema(
  readFileSync(join(webRoot, typeof codegenConfig.schema === 'string' ? codegenConfig.schema : ''), 'utf8'),
);

const documents = Object.entries(generated).filter(([name]) => name.endsWith('Document'));

describe('boundary: only what the schema cannot vouch for', () => {
  it('covers every enum-typed field our documents select, by the name it arrives under', () => {
    const seen = new Map<string, Set<string>>();
    for (const [, document] of documents) {
      const typeInfo = new TypeInfo(schema);
      visit(
        parse(String(document)),
        visitWithTypeInfo(typeInfo, {
          Field(node) {
            const type = typeInfo.getType();
            if (type === null) return;
            const named = getNamedType(type);
            if (!isEnumType(named)) return;
            const key = node.alias?.value ?? node.name.value;
            seen.set(key, (seen.get(key) ?? new Set()).add(named.name));
          },
        }),
      );
    }
    expect(documents.length).toBeGreaterThan(0);
    // Each response key names one enum only, and it is the one the table expects.
    expect(Object.fromEntries([...seen].map(([key, types]) => [key, [...types]]))).toEqual(
      Object.fromEntries(Object.entries(ENUM_FIELDS).map(([key, rule]) => [key, [rule.type]])),
    );
    // The table knows exactly the schema's values.
    for (const rule of Object.values(ENUM_FIELDS)) {
      const type = schema.getType(rule.type);
      if (!isEnumType(type)) throw new Error(`${rule.type} is not an enum`);
      expect(Object.keys(rule.known).sort()).toEqual(
        type
          .getValues()
          .map((v) => v.name)
          .sort(),
      );
    }
  });

  it('reads a status or watch state from a newer API as UNKNOWN / CONNECTING, never as anything green', () => {
    const fleet = rootOf<{
      controlPlane: { status: string };
      clusters: Array<{ dataPlane: { status: string }; freshness: Array<{ state: string }> }>;
    }>(
      {
        fleet: {
          controlPlane: { status: 'PARTIALLY_OK' },
          clusters: [
            { dataPlane: { status: 'HEALTHY' }, freshness: [{ state: 'PAUSED' }, { state: 'SYNCED' }] },
          ],
        },
      },
      'fleet',
    );
    expect(fleet.controlPlane.status).toBe('UNKNOWN');
    expect(fleet.clusters[0]?.dataPlane.status).toBe('HEALTHY');
    expect(fleet.clusters[0]?.freshness.map((f) => f.state)).toEqual(['CONNECTING', 'SYNCED']);
  });

  it('reads GPU history enums from a newer API cautiously: no history stays no history, no named group appears', () => {
    const history = rootOf<{
      clusters: Array<{
        unavailable: string | null;
        allocationSource: string;
        groups: Array<{ groupKind: string }>;
      }>;
    }>(
      {
        gpuUsageHistory: {
          clusters: [
            {
              unavailable: 'PROMETHEUS_MISSING_LICENSE',
              allocationSource: 'OPENCOST',
              groups: [{ groupKind: 'PROJECT' }],
            },
            { unavailable: null, allocationSource: 'KUBE_STATE_METRICS', groups: [{ groupKind: 'GROUP' }] },
          ],
        },
      },
      'gpuUsageHistory',
    );
    expect(history.clusters.map((c) => [c.unavailable, c.allocationSource, c.groups[0]?.groupKind])).toEqual([
      ['PROMETHEUS_ERROR', 'NONE', 'OTHERS'],
      [null, 'KUBE_STATE_METRICS', 'GROUP'],
    ]);
  });

  it.each<[string, unknown, string]>([
    ['no data', null, 'the answer has no data'],
    ['root missing', {}, 'fleet: expected an object, got undefined'],
    ['root null where the schema says non-null', { fleet: null }, 'fleet: expected an object, got null'],
    ['root of the wrong kind', { fleet: 'x' }, 'fleet: expected an object, got string'],
  ])('refuses %s', (_name, data, message) => {
    expect(() => rootOf(data, 'fleet')).toThrow(UnreadableAnswerError);
    expect(() => rootOf(data, 'fleet')).toThrow(message);
  });

  it('leaves plain String fields alone, even where another document selects an enum of the same name', () => {
    const fleet = rootOf<{ clusters: { gpuPools: { heatmap: { usageSource: string } }[] }[] }>(
      { fleet: { clusters: [{ gpuPools: [{ heatmap: { usageSource: 'DCGM' } }] }] } },
      'fleet',
    );
    expect(fleet.clusters[0]?.gpuPools[0]?.heatmap.usageSource).toBe('DCGM');
  });

  it('takes null where the schema allows it (a cluster not watched)', () => {
    expect(rootOf({ cluster: null }, 'cluster', true)).toBeNull();
    expect(rootsOf({ a: null, b: [] }, ['a', 'b'], true)).toEqual({ a: null, b: [] });
    expect(() => rootsOf({ a: null }, ['a', 'b'], true)).toThrow('b: expected an object, got undefined');
  });
});
