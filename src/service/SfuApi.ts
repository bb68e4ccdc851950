import type { SfuService } from './SfuService.js';

/**
 * What the faces (REST, GraphQL) may call: the service of one process (SfuService), or the
 * cluster's (src/cluster/ClusterService.ts), which runs each call where its session lives.
 */
export type SfuApi = Pick<
  SfuService,
  | 'apps'
  | 'events'
  | 'authenticate'
  | 'createAccessToken'
  | 'createSession'
  | 'addTracks'
  | 'renegotiate'
  | 'updateTracks'
  | 'closeTracks'
  | 'muteTracks'
  | 'closeSession'
  | 'establishDataChannels'
  | 'newDataChannels'
  | 'updateDataChannels'
  | 'closeDataChannels'
  | 'newWebSocketAdapters'
  | 'closeWebSocketAdapters'
  | 'getSession'
  | 'sessionState'
  | 'findSession'
  | 'knowsSession'
  | 'listSessions'
  | 'liveSessions'
  | 'roomFor'
  | 'room'
  | 'participant'
  | 'sessionCount'
  | 'close'
>;
