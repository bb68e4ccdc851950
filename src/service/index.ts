/**
 * The service as the faces see it: REST (rest-compat/) and GraphQL (schema/) import the domain
 * from here and nothing else of src/, so what they may call is one list.
 */
export { SfuService, type ExportedChannel, type ExportedTrack, type ParticipantPresence, type RemoteTracks, type ServiceLimits, type SessionLifecycle, type SessionUsage, type SfuServiceOptions } from './SfuService.js';
export type { SfuApi } from './SfuApi.js';
export { isItemError, type AdapterItemError, type CloseAdapterResult, type NewAdapterItem, type NewAdapterResult } from './adapters/types.js';
export { adapterErrorCodes, type AdapterErrorCode } from './adapters/AdapterError.js';
export { AppRegistry, type App, type AppConfig } from './apps/AppRegistry.js';
export { grantNames, maxTokenLifetimeSeconds, type AccessTokenRequest, type Grants, type Participant } from './access/accessToken.js';
export { maySee, viewOf, type Caller } from './access/Caller.js';
export type { ParticipantState } from './rooms/Participants.js';
export type { MuteRequest, MuteResult } from './tracks/muteTracks.js';
export { asSfuError, errorCodes, itemError, SfuError, type ErrorCode, type ItemError, type SessionErrorReason } from './errors.js';
export type { EventLog } from './events/EventLog.js';
export { SfuEventBus, type AdapterCloseReason, type LeaveReason, type NewSfuEvent, type SfuEvent, type SfuEventType, type TrackCloseReason } from './events/SfuEventBus.js';
export { silentLogger, type Logger, type LogLevel } from './Logger.js';
export type { TrackUpdateRequest, TrackUpdateResult } from './tracks/updateTracks.js';
export type * from './types.js';
export { bearerToken, checkStreamId, checkUInt16 } from './values.js';
// Shared by both faces' request handling: bodies are read only up to the limit.
export { readBodyAtMost } from '../util/readBodyAtMost.js';
export { defaultTurnTtlSeconds, maxTurnTtlSeconds, stunUrlsOf, TurnCredentials, type IceServer, type TurnCredentialsOptions } from './turn/TurnCredentials.js';
