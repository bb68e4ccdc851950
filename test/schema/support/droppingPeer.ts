/**
 * A publisher in its own process, so a test can kill it (SIGKILL) the way a crashed browser or a
 * lost network vanishes: no DTLS close, no more packets. Run with `node --import tsx`; argv:
 * <sfu url> <app secret> <room>. Sends `{ sessionId }` to the parent once media flows.
 */
import { eventually } from '../../helpers/wrtcPeer.js';
import { GraphQLClient } from './graphqlClient.js';
import { publish } from './flows.js';

const [url, secret, room] = process.argv.slice(2) as [string, string, string];
const client = new GraphQLClient((request) => fetch(request), secret, `${url}/graphql`);
const publisher = await publish(client, { room, prefix: 'doomed', metadata: { name: 'doomed' } });
await eventually('connected', () => publisher.peer.pc.connectionState === 'connected');
process.send!({ sessionId: publisher.sessionId });
setInterval(() => {}, 60_000); // lives until killed
