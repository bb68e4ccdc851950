/**
 * Prints the Pothos schema as SDL to schema/schema.graphql (`npm run schema:print`).
 * With `--check`, writes nothing and exits 1 when the checked-in file differs (`npm run schema:check`).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { printSchema } from 'graphql';
import { schema } from './index.js';

const file = new URL('./schema.graphql', import.meta.url);
const printed = `${printSchema(schema)}\n`;

if (process.argv.includes('--check')) {
  const current = await readFile(file, 'utf8').catch(() => '');
  if (current !== printed) {
    process.stderr.write('schema/schema.graphql is stale: run `npm run schema:print` and commit it\n');
    process.exit(1);
  }
  process.stdout.write('schema/schema.graphql is up to date\n');
} else {
  await writeFile(file, printed);
  process.stdout.write('wrote schema/schema.graphql\n');
}
