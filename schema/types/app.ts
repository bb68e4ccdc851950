import type { App as AppShape } from '../../src/service/index.js';
import { builder } from '../builder.js';

export const App = builder.objectRef<AppShape>('App').implement({
  description: 'An app: its own sessions, secret and events. A request sees only the app its secret names.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The id REST puts in /apps/{appId}/.' }),
    name: t.exposeString('name'),
  }),
});

builder.queryField('app', (t) =>
  t.field({
    type: App,
    description: 'The app the bearer secret authenticates.',
    resolve: (_root, _args, { app }) => app,
  }),
);
