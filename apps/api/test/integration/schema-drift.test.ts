import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  buildClientSchema,
  buildSchema,
  getIntrospectionQuery,
  type IntrospectionQuery,
  lexicographicSortSchema,
  printSchema,
} from 'graphql';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.ts';

const SCHEMA_FILE = fileURLToPath(new URL('../../schema.graphql', import.meta.url));
const HEADER =
  '# Fleetscope GraphQL schema — generated from the code-first models; do not edit by hand.\n# Update with: npm run schema -w @fleetscope/api\n\n';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/**
 * The checked-in schema.graphql is what API consumers and the web codegen read. It must equal what the
 * running server serves; `npm run schema -w @fleetscope/api` rewrites it from the code.
 */
it('apps/api/schema.graphql matches the schema the server serves', async () => {
  const result = await h.gql<IntrospectionQuery>(getIntrospectionQuery({ descriptions: true }));
  expect(result.errors).toBeUndefined();
  const served = printSchema(lexicographicSortSchema(buildClientSchema(result.data as IntrospectionQuery)));
  if (process.env.UPDATE_SCHEMA === '1') {
    writeFileSync(SCHEMA_FILE, `${HEADER}${served}\n`);
  }
  const onDisk = printSchema(lexicographicSortSchema(buildSchema(readFileSync(SCHEMA_FILE, 'utf8'))));
  expect(onDisk, 'schema.graphql is stale: run npm run schema -w @fleetscope/api').toBe(served);
});
