import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/eventually.js';
import { startSfu, testApps, type RunningSfu } from '../helpers/sfu.js';

const root = resolve(import.meta.dirname, '../..');
const docs = readFileSync(join(root, 'docs/graphql.md'), 'utf8');
const snippet = /<!-- snippet: graphql-ws -->\n```js\n([\s\S]*?)\n```/.exec(docs)?.[1];

/** docs/graphql.md's graphql-ws example, run with node as its reader would, on a free port instead of 8787. */
describe("docs/graphql.md's graphql-ws snippet", () => {
  let sfu: RunningSfu;
  let child: ChildProcess | undefined;
  const app = testApps[0];

  const createSession = async (): Promise<string> => {
    const response = await fetch(`${sfu.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${app.secret}` },
      body: JSON.stringify({ query: 'mutation { createSession(input: { room: "lobby" }) { ... on CreateSessionPayload { sessionId } } }' }),
    });
    const body = (await response.json()) as { data: { createSession: { sessionId: string } } };
    return body.data.createSession.sessionId;
  };

  beforeAll(async () => {
    sfu = await startSfu();
  });

  afterAll(async () => {
    if (child?.exitCode === null) child.kill('SIGKILL');
    await sfu?.stop();
  });

  it('prints the room, then the events after it, nothing missed', async () => {
    expect(snippet).toBeDefined();
    const before = await createSession();
    // ESM given to --eval resolves its imports from the working directory: this repo's node_modules.
    child = spawn(process.execPath, ['--input-type=module', '-e', snippet!.replaceAll('http://127.0.0.1:8787', sfu.url)], {
      cwd: root,
      env: { ...process.env, SECRET: app.secret },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await eventually('the room snapshot', () => output.includes('in the room:') || child!.exitCode !== null, 15_000);
    const after = await createSession();
    await eventually(`SessionCreated of ${after}`, () => output.includes(after) || child!.exitCode !== null, 15_000);
    const lines = output.trim().split('\n');
    expect(lines[0]).toBe(`in the room: ${before}`);
    expect(JSON.parse(lines[1]!)).toMatchObject({ __typename: 'SessionCreated', sessionId: after });
  });
});
