import { readdir, readFile } from 'node:fs/promises';

const publicDir = new URL('./public/', import.meta.url);
const operationsDir = new URL('../../schema/operations/', import.meta.url);

const pages: Record<string, string> = {
  '/': 'index.html',
  '/index.html': 'index.html',
  '/loopback.html': 'loopback.html',
};

/**
 * The example pages: `/` joins a room through the GraphQL API (presence from its subscription),
 * `/loopback.html` sends the camera through the SFU and back with the REST API alone.
 * `/example/operations.graphql` serves the repo's GraphQL documents, which the room page runs by
 * operation name (the same documents the tests use as typed documents).
 */
export async function serveExamplePage(request: Request): Promise<Response | undefined> {
  if (request.method !== 'GET') return undefined;
  const { pathname } = new URL(request.url);
  const page = pages[pathname];
  if (page) {
    return new Response(await readFile(new URL(page, publicDir)), { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
  }
  if (pathname === '/example/operations.graphql') {
    const files = (await readdir(operationsDir)).filter((f) => f.endsWith('.graphql')).sort();
    const documents = await Promise.all(files.map((f) => readFile(new URL(f, operationsDir), 'utf8')));
    return new Response(documents.join('\n'), { headers: { 'Content-Type': 'application/graphql; charset=utf-8' } });
  }
  return undefined;
}
