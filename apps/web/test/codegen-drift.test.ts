// @vitest-environment node
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import { codegenConfig, GENERATED_FILE } from '../codegen.ts';

const webRoot = fileURLToPath(new URL('..', import.meta.url));
const biome = join(webRoot, '..', '..', 'node_modules', '.bin', 'biome');

/** Formats like the codegen hook does, through stdin so nothing on disk changes. */
function formatWithBiome(content: string): string {
  return execFileSync(biome, ['format', `--stdin-file-path=${GENERATED_FILE}`], {
    cwd: webRoot,
    input: content,
    stdio: 'pipe',
    encoding: 'utf8',
  });
}

describe('generated GraphQL types', () => {
  it(`${GENERATED_FILE} matches the schema and documents (run \`npm run codegen -w @fleetscope/web\`)`, async () => {
    const outputs: Array<{ filename: string; content: string }> = await generate(
      { ...codegenConfig, cwd: webRoot, hooks: {} },
      false,
    );
    const output = outputs.find((o) => o.filename.endsWith(GENERATED_FILE));
    expect(output, 'codegen produced the generated file').toBeDefined();
    const expected = formatWithBiome(output?.content ?? '');
    const committed = readFileSync(join(webRoot, GENERATED_FILE), 'utf8');
    expect(committed).toBe(expected);
  });
});
