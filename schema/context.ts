import type { App } from '../src/service/AppRegistry.js';
import type { SfuService } from '../src/service/SfuService.js';
import type { SfuPubSub } from './pubsub.js';

/** What every resolver gets: the app the request was authenticated as, the service and the pubsub. */
export interface GraphQLContext {
  /** Set by `useAppAuth` from the bearer secret (HTTP) or the connection params (WebSocket). */
  app: App;
  service: SfuService;
  pubsub: SfuPubSub;
}
