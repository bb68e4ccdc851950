import type { GraphQLSchema } from 'graphql';
import { builder } from './builder.js';
import './types/scalars.js';
import './types/enums.js';
import './types/errors.js';
import './types/app.js';
import './types/sessionDescription.js';
import './types/simulcast.js';
import './types/track.js';
import './types/session.js';
import './types/addTracks.js';
import './types/renegotiate.js';
import './types/updateTracks.js';
import './types/closeTracks.js';
import './types/dataChannel.js';
import './types/establishDataChannels.js';
import './types/addDataChannels.js';
import './types/updateDataChannels.js';
import './types/closeDataChannels.js';
import './types/muteTracks.js';
import './types/room.js';
import './types/accessToken.js';
import './types/webSocketAdapters.js';
import './types/events.js';

/** The GraphQL schema, built once from every type module. */
export const schema: GraphQLSchema = builder.toSchema({ sortSchema: false });
