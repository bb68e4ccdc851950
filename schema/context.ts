import type { App, SfuService } from '../src/service/index.js';
import type { SfuPubSub } from './pubsub.js';
import type { SubscriptionQuota } from './subscriptionQuota.js';

/** What every resolver gets: the app the request was authenticated as, the service and the pubsub. */
export interface GraphQLContext {
  /** Set by `useAppAuth` from the bearer secret (HTTP) or the connection params (WebSocket). */
  app: App;
  service: SfuService;
  pubsub: SfuPubSub;
  subscriptions: {
    quota: SubscriptionQuota;
    /** Live events that may wait for one subscriber before it is cut off. */
    bufferSize: number;
  };
  /** The graphql-ws connection an operation came on (undefined over HTTP): its subscription quota's key. */
  connection?: object;
}
