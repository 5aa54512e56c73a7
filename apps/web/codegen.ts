import type { CodegenConfig } from '@graphql-codegen/cli';

/** Where the generated documents and types live (checked in; Biome skips `generated/` folders). */
export const GENERATED_DIR = 'src/graphql/generated/';

/**
 * Typed documents for the operations in src/graphql/*.graphql, from the API's checked-in schema, by
 * `@graphql-codegen/client-preset`: `generated/graphql.ts` holds one `…Document` per operation (the
 * operation text with the fragments it spreads, typed with its result and variables) and the fragment
 * types the components take as props.
 *
 * - `documentMode: 'string'`: documents are the operation text (`TypedDocumentString`), which is what the
 *   transport sends; AST documents would need graphql-js's printer in the bundle.
 * - No fragment masking: the fragments are shared per view, not colocated per component, and the data
 *   layer reads `version`/`generatedAt` inside the spread fragments to order answers. Masking would add an
 *   unmasking call in every component without isolating anything.
 * - `enumsAsTypes`: enums are string unions (no runtime object, no TS `enum`).
 *
 * One command regenerates it: `npx graphql-codegen --config codegen.ts` (or `npm run codegen`);
 * `test/codegen-drift.test.ts` regenerates in memory and fails on any difference.
 */
export const codegenConfig: CodegenConfig = {
  schema: '../api/schema.graphql',
  documents: ['src/graphql/**/*.graphql'],
  overwrite: true,
  silent: true,
  ignoreNoDocuments: false,
  generates: {
    [GENERATED_DIR]: {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        skipTypename: true,
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
        // DateTime is serialised as an ISO-8601 string by the API.
        scalars: { DateTime: 'string' },
      },
    },
  },
};

export default codegenConfig;
