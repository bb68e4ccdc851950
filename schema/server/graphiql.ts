import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { GraphiQLOptions } from 'graphql-yoga';

/**
 * GraphiQL as `/graphql` serves it to a browser: one HTML page with its scripts, styles and editor
 * workers inlined from `@graphql-yoga/render-graphiql`, so it works with no internet (yoga's
 * default page loads them from unpkg). The headers tab opens with the bearer to fill in.
 */
export const graphiqlOptions: GraphiQLOptions = {
  title: 'open-realtime-sfu',
  headers: JSON.stringify({ Authorization: 'Bearer <app secret or access token>' }, null, 2),
  defaultEditorToolsVisibility: 'headers',
  defaultQuery: '# Put the app secret or an access token in the Headers tab below, then run this.\nquery App {\n  app { id name }\n}\n',
};

/** Renders the page once (about 9 MB, the same for every request) and serves that copy after. */
export function offlineGraphiQL(): (options: GraphiQLOptions) => string {
  let page: string | undefined;
  return (options) => (page ??= renderGraphiQL(options));
}
