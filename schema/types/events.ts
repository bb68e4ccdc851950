import { SfuError, type SfuEvent, type SfuEventType } from '../../src/service/index.js';
import { builder } from '../builder.js';
import { eventStream, StreamCutOff, type EventFilter, type EventStreamItem } from '../eventStream.js';
import { AdapterCloseReason, AdapterCodec, LeaveReason, MediaKind, TrackCloseReason, TrackLocation } from './enums.js';
import { liveParticipant, ParticipantRef } from './participantRef.js';
import { liveSession, SessionRef } from './sessionRef.js';

type EventOf<T extends SfuEventType> = Extract<SfuEvent, { type: T }>;

/** The GraphQL object type of each event kind. */
const typeNames: Record<SfuEventType, string> = {
  sessionCreated: 'SessionCreated',
  sessionJoined: 'SessionJoined',
  sessionLeft: 'SessionLeft',
  trackPublished: 'TrackPublished',
  trackClosed: 'TrackClosed',
  trackInactive: 'TrackInactive',
  trackMuted: 'TrackMuted',
  participantJoined: 'ParticipantJoined',
  participantLeft: 'ParticipantLeft',
  adapterOpened: 'WebSocketAdapterOpened',
  adapterClosed: 'WebSocketAdapterClosed',
};

export const SessionEvent = builder.interfaceRef<SfuEvent>('SessionEvent').implement({
  description: 'Something that happened to a session. Events of one session arrive in the order they happened.',
  resolveType: (event) => typeNames[event.type],
  fields: (t) => ({
    seq: t.exposeInt('seq', {
      description: "Grows by one with every event of the app. Resubscribe with `since: seq` of the last event seen to miss none.",
    }),
    at: t.field({ type: 'DateTime', resolve: (e) => e.at }),
    sessionId: t.exposeID('sessionId'),
    room: t.exposeString('room', { nullable: true }),
    identity: t.exposeString('identity', { nullable: true, description: "The session's participant (its access token's identity), if it has one." }),
    participant: t.field({
      type: ParticipantRef,
      nullable: true,
      description: "The session's participant now (not at the event's time); null when it has none or once it left.",
      resolve: (e, _args, { service, caller }) => liveParticipant(service, caller, e),
    }),
    session: t.field({
      type: SessionRef,
      nullable: true,
      description: "The session's state now (not at the event's time); null once it left.",
      resolve: (e, _args, { service, caller }) => liveSession(service, caller, e.sessionId),
    }),
  }),
});

function eventObject<T extends SfuEventType>(type: T, description: string) {
  return builder.objectRef<EventOf<T>>(typeNames[type]).implement({ description, interfaces: [SessionEvent], isTypeOf: (e) => (e as SfuEvent).type === type });
}

eventObject('sessionCreated', 'A session was created (REST: sessions/new); it has not connected yet.');
eventObject('sessionJoined', "The session's PeerConnection connected (DTLS): the participant is in.");

builder.objectField(eventObject('sessionLeft', 'The session ended; its tracks closed with it.'), 'reason', (t) =>
  t.field({ type: LeaveReason, resolve: (e) => e.reason }),
);

const TrackPublished = eventObject('trackPublished', 'The session published a track (REST: tracks/new with location "local").');
builder.objectFields(TrackPublished, (t) => ({
  trackName: t.string({ resolve: (e) => e.trackName }),
  mid: t.string({ resolve: (e) => e.mid, description: "The track's mid in this session." }),
  kind: t.field({ type: MediaKind, resolve: (e) => e.kind }),
}));

const TrackClosed = eventObject('trackClosed', 'A track of the session closed: one it published or pulled (see `location`).');
builder.objectFields(TrackClosed, (t) => ({
  trackName: t.string({ resolve: (e) => e.trackName }),
  mid: t.string({ resolve: (e) => e.mid, description: "The track's mid in this session." }),
  location: t.field({ type: TrackLocation, resolve: (e) => e.location }),
  reason: t.field({ type: TrackCloseReason, resolve: (e) => e.reason }),
}));

const TrackInactive = eventObject('trackInactive', 'A published track stopped receiving media (it stays open).');
builder.objectFields(TrackInactive, (t) => ({
  trackName: t.string({ resolve: (e) => e.trackName }),
  mid: t.string({ resolve: (e) => e.mid, description: "The track's mid in this session." }),
}));

const TrackMuted = eventObject('trackMuted', 'A published track was muted or unmuted (muteTracks): paused, not closed.');
builder.objectFields(TrackMuted, (t) => ({
  trackName: t.string({ resolve: (e) => e.trackName }),
  mid: t.string({ resolve: (e) => e.mid, description: "The track's mid in this session." }),
  muted: t.boolean({ resolve: (e) => e.muted }),
}));

for (const [type, description] of [
  ['participantJoined', "A participant's first session connected (`sessionId`): right after that session's SessionJoined."],
  ['participantLeft', "A participant's last session ended (`sessionId`): right after that session's SessionLeft."],
] as const) {
  builder.objectFields(eventObject(type, description), (t) => ({
    name: t.string({ nullable: true, description: 'Its display name (from its access token).', resolve: (e) => e.name }),
  }));
}

// Never the endpoint: its URL often carries the receiver's credential, and room members read these.
const WebSocketAdapterOpened = eventObject(
  'adapterOpened',
  "A WebSocket adapter started (createWebSocketAdapters; REST adapters/websocket/new). `sessionId`: its source session (egress, `location: remote`), or the session it publishes in (ingest, `location: local`).",
);
const WebSocketAdapterClosed = eventObject('adapterClosed', 'A WebSocket adapter closed, for `reason`; `sessionId` as in WebSocketAdapterOpened.');
for (const adapterEvent of [WebSocketAdapterOpened, WebSocketAdapterClosed]) {
  builder.objectFields(adapterEvent, (t) => ({
    adapterId: t.id({ resolve: (e) => e.adapterId }),
    trackName: t.string({ resolve: (e) => e.trackName, description: 'The track it streams (egress) or publishes (ingest).' }),
    location: t.field({ type: TrackLocation, resolve: (e) => e.location }),
    codec: t.field({ type: AdapterCodec, resolve: (e) => e.codec, description: 'What it exchanges with its endpoint: `outputCodec`, or `inputCodec` for ingest.' }),
  }));
}
builder.objectFields(WebSocketAdapterClosed, (t) => ({
  reason: t.field({ type: AdapterCloseReason, resolve: (e) => e.reason }),
  bytesProcessed: t.float({
    resolve: (e) => e.bytesProcessed,
    description: 'Payload bytes sent to the endpoint (egress: PCM or JPEG) or received from it (ingest), as closeWebSocketAdapters answers. A Float (exact to 2^53): PCM passes 2^31 bytes in about three hours.',
  }),
}));

builder.subscriptionField('events', (t) =>
  t.field({
    type: SessionEvent,
    description: [
      "The app's session events: all of them, those of one room, or those of one session.",
      "An access token's holder gets its own room's events only (without `room`, too).",
      'With `since`, first the events after that seq (still kept in memory), then live ones, with no gap and no duplicate:',
      'query `sessions(room) { seq sessions {...} }`, then subscribe with `since: seq`.',
    ].join('\n'),
    args: {
      room: t.arg.string({ description: 'Only sessions created with this room label.' }),
      sessionId: t.arg.id({ description: 'Only this session.' }),
      since: t.arg.int({ description: 'Replay the events after this seq first.' }),
    },
    subscribe: async (_root, { room, sessionId, since }, { app, caller, service, pubsub, subscriptions, connection }) => {
      const filter: EventFilter = {};
      const visibleRoom = service.roomFor(caller, room ?? undefined);
      if (visibleRoom !== undefined) filter.room = visibleRoom;
      if (sessionId != null) {
        filter.sessionId = String(sessionId);
        if (!(await service.knowsSession(caller, filter.sessionId))) throw new SfuError('not_found', `session ${filter.sessionId} does not exist in app ${app.id}`);
      }
      if (since != null) filter.since = since;
      return eventStream(app, filter, {
        bus: service.events,
        pubsub,
        bufferSize: subscriptions.bufferSize,
        admit: () => {
          const release = subscriptions.quota.acquire(app.id, connection, caller.participant);
          subscriptions.observer.subscriptionOpened();
          let open = true;
          return () => {
            release();
            if (open) subscriptions.observer.subscriptionClosed();
            open = false;
          };
        },
        delivered: (event) => subscriptions.observer.eventDelivered(event.at),
      }) as AsyncIterable<EventStreamItem> as AsyncIterable<SfuEvent>;
    },
    // A stream the server ended (slow subscriber, quota, lost history) ends on this error.
    resolve: (item: EventStreamItem) => {
      if (item instanceof StreamCutOff) throw item.error;
      return item;
    },
  }),
);
