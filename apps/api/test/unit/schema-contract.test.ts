import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Change, CriticalityLevel, DiffRule, diff } from '@graphql-inspector/core';
import { buildSchema, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';

const read = (path: string): string => readFileSync(fileURLToPath(new URL(path, import.meta.url)), 'utf8');
const releasedSdl = read('../../schema.released.graphql');
const released = buildSchema(releasedSdl);
const current = buildSchema(read('../../schema.graphql'));
const changelog = read('../../../../docs/SCHEMA-CHANGELOG.md');

/** Changes between two schemas; removing a field deprecated in the older one is not breaking. */
const changesBetween = (from: GraphQLSchema, to: GraphQLSchema): Promise<Change[]> =>
  diff(from, to, [DiffRule.suppressRemovalOfDeprecatedField]);
const breakingChanges = (changes: Change[]): Change[] =>
  changes.filter((c) => c.criticality.level === CriticalityLevel.Breaking);
const breaking = (changes: Change[]): string[] => breakingChanges(changes).map((c) => c.message);
const unreleased = changelog.split(/^## /m).find((section) => section.startsWith('Unreleased')) ?? '';
/**
 * Before 1.0 a minor release may break the schema, but only on purpose: each such change is listed, by
 * its coordinate and with the reason, under "### Breaking" in Unreleased. From 1.0 that list stays empty.
 */
const acceptedBreaking = unreleased.split(/^### /m).find((part) => part.startsWith('Breaking')) ?? '';

describe('the schema contract with the last release', () => {
  it('breaks nothing that was not deprecated first, or listed as an accepted breaking change', async () => {
    const unlisted = breakingChanges(await changesBetween(released, current)).filter(
      (c) => !acceptedBreaking.includes(`\`${(c.path ?? '').split('.').slice(0, 2).join('.')}\``),
    );
    expect(unlisted.map((c) => c.message)).toEqual([]);
  });

  it('lists every change since the release under Unreleased in docs/SCHEMA-CHANGELOG.md', async () => {
    const changes = (await changesBetween(released, current)).filter(
      (c) => !c.type.endsWith('DESCRIPTION_CHANGED'),
    );
    // Within a type added since the release, the type itself is the coordinate to list.
    const addedTypes = new Set(changes.filter((c) => c.type === 'TYPE_ADDED').map((c) => c.path));
    const coordinates = new Set(
      changes
        .map((c) => (c.path ?? '').split('.'))
        .map((parts) => (addedTypes.has(parts[0]) ? [parts[0]] : parts.slice(0, 2)).join('.'))
        .filter((path) => path !== ''),
    );
    expect(coordinates.size).toBeGreaterThan(0);
    expect([...coordinates].filter((path) => !unreleased.includes(`\`${path}\``))).toEqual([]);
  });

  it('catches a removal that was not deprecated, and allows one that was', async () => {
    const field =
      /^ *"""One cluster by name; null when it is not watched\."""\n *cluster\(name: String!\): Cluster$/m;
    expect(releasedSdl).toMatch(field);
    const removed = buildSchema(releasedSdl.replace(field, ''));
    expect(breaking(await changesBetween(released, removed))).toEqual([
      "Field 'cluster' was removed from object type 'Query'",
    ]);
    const deprecated = buildSchema(
      releasedSdl.replace(/^( *cluster\(name: String!\): Cluster)$/m, '$1 @deprecated(reason: "gone")'),
    );
    expect(breaking(await changesBetween(deprecated, removed))).toEqual([]);
  });
});
