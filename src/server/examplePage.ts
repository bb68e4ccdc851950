import { readdir, readFile } from 'node:fs/promises';

const publicDir = new URL('./public/', import.meta.url);
const operationsDir = new URL('../../schema/operations/', import.meta.url);

const html = 'text/html; charset=utf-8';
const javascript = 'text/javascript; charset=utf-8';

/** Every file the example pages are made of, by URL path: nothing else under public/ is served. */
const files: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: html },
  '/index.html': { file: 'index.html', type: html },
  '/loopback.html': { file: 'loopback.html', type: html },
  '/room/room.css': { file: 'room/room.css', type: 'text/css; charset=utf-8' },
  '/room/main.js': { file: 'room/main.js', type: javascript },
  '/room/graphql.js': { file: 'room/graphql.js', type: javascript },
  '/room/call.js': { file: 'room/call.js', type: javascript },
  '/room/tiles.js': { file: 'room/tiles.js', type: javascript },
  '/room/room.js': { file: 'room/room.js', type: javascript },
  '/room/token.js': { file: 'room/token.js', type: javascript },
};

/**
 * The example pages: `/` is a video room joined with an access token (GraphQL: presence, mute and
 * reconnect from its subscription; its script is the ES modules under `/room/`), `/loopback.html`
 * sends the camera through the SFU and back with the REST API alone.
 * `/example/operations.graphql` serves the repo's GraphQL documents, which the room page runs by
 * operation name (the same documents the tests use as typed documents).
 */
export async function serveExamplePage(request: Request): Promise<Response | undefined> {
  if (request.method !== 'GET') return undefined;
  const { pathname } = new URL(request.url);
  const known = Object.hasOwn(files, pathname) ? files[pathname] : undefined;
  if (known) {
    return new Response(await readFile(new URL(known.file, publicDir)), {
      headers: { 'Content-Type': known.type, 'Cache-Control': 'no-cache' },
    });
  }
  if (pathname === '/example/operations.graphql') {
    const names = (await readdir(operationsDir)).filter((f) => f.endsWith('.graphql')).sort();
    const documents = await Promise.all(names.map((f) => readFile(new URL(f, operationsDir), 'utf8')));
    return new Response(documents.join('\n'), { headers: { 'Content-Type': 'application/graphql; charset=utf-8' } });
  }
  return undefined;
}
