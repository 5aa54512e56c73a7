import type { CodegenConfig } from '@graphql-codegen/cli';

/** Where the generated operation types live (checked in). */
export const GENERATED_FILE = 'src/graphql/generated.ts';

/**
 * Types for the GraphQL documents in src/graphql, from the API's checked-in schema.
 *
 * Since v6, `typescript-operations` is standalone: it emits the enums and input types the operations use,
 * so adding the `typescript` plugin to the same file would declare `HealthStatus` twice. `enumType:
 * 'string-literal'` is the v6 spelling of the old `enumsAsTypes: true`.
 *
 * The output is formatted with Biome so the committed file passes `biome check`;
 * `test/codegen-drift.test.ts` regenerates in memory, formats the same way and fails on any difference.
 */
export const codegenConfig: CodegenConfig = {
  schema: '../api/schema.graphql',
  documents: ['src/graphql/**/*.graphql'],
  overwrite: true,
  silent: true,
  generates: {
    [GENERATED_FILE]: {
      plugins: ['typescript-operations'],
      config: {
        enumType: 'string-literal',
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
        // DateTime is serialised as an ISO-8601 string by the API.
        scalars: { DateTime: 'string' },
        useTypeImports: true,
        skipTypename: true,
      },
    },
  },
  hooks: { afterAllFileWrite: ['biome format --write'] },
};

export default codegenConfig;
