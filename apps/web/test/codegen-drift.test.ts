// @vitest-environment node
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import { codegenConfig, GENERATED_DIR } from '../codegen.ts';

const webRoot = fileURLToPath(new URL('..', import.meta.url));

describe('generated GraphQL documents and types', () => {
  it(`${GENERATED_DIR} matches the schema and documents (run \`npx graphql-codegen --config codegen.ts\` in apps/web)`, async () => {
    const outputs: Array<{ filename: string; content: string }> = await generate(
      { ...codegenConfig, cwd: webRoot },
      false,
    );
    const files = outputs.map((o) => o.filename.slice(o.filename.indexOf(GENERATED_DIR))).sort();
    expect(files).toEqual([
      `${GENERATED_DIR}gql.ts`,
      `${GENERATED_DIR}graphql.ts`,
      `${GENERATED_DIR}index.ts`,
    ]);
    for (const output of outputs) {
      const committed = readFileSync(
        join(webRoot, output.filename.slice(output.filename.indexOf(GENERATED_DIR))),
        'utf8',
      );
      expect(committed, output.filename).toBe(output.content);
    }
  });
});
