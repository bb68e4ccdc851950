import { readFile } from 'node:fs/promises';

const pageUrl = new URL('./public/index.html', import.meta.url);

/** Serves the example page at `/`: a browser client of the REST API (camera -> SFU -> playback). */
export async function serveExamplePage(request: Request): Promise<Response | undefined> {
  const { pathname } = new URL(request.url);
  if (request.method !== 'GET' || (pathname !== '/' && pathname !== '/index.html')) return undefined;
  return new Response(await readFile(pageUrl), { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
}
