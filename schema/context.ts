import type { App, Caller, SfuApi } from '../src/service/index.js';
import type { SfuPubSub } from './pubsub.js';
import type { GraphQLObserver } from './server/observer.js';
import type { SubscriptionQuota } from './subscriptionQuota.js';

/** What every resolver gets: the app the request was authenticated as, the service and the pubsub. */
export interface GraphQLContext {
  /** Who calls, set by `useAppAuth` from the bearer (HTTP) or the connection params (WebSocket): the app by its secret, or a participant by its access token. */
  caller: Caller;
  /** `caller.app`. */
  app: App;
  service: SfuApi;
  pubsub: SfuPubSub;
  subscriptions: {
    quota: SubscriptionQuota;
    /** Live events that may wait for one subscriber before it is cut off. */
    bufferSize: number;
    /** Told of each subscription opening and closing, and of each event delivered. */
    observer: GraphQLObserver;
  };
  /** The graphql-ws connection an operation came on (undefined over HTTP): its subscription quota's key. */
  connection?: object;
}
