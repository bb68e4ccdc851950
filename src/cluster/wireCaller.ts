import type { AppRegistry } from '../service/apps/AppRegistry.js';
import type { Caller, Participant } from '../service/index.js';
import { SfuError } from '../service/errors.js';

/** A caller as it travels between instances: the app by id (its secret stays home), the token's claims as verified. */
export interface WireCaller {
  appId: string;
  participant?: Participant;
}

export function toWire(caller: Caller): WireCaller {
  return { appId: caller.app.id, ...(caller.participant ? { participant: caller.participant } : {}) };
}

/** The caller on the receiving instance: trusted as the sender verified it (the cluster secret authenticates the sender). */
export function fromWire(apps: AppRegistry, wire: WireCaller): Caller {
  const app = apps.find(wire.appId);
  if (!app) throw new SfuError('not_found', `app ${wire.appId} does not exist on this instance: every instance must serve the same apps`);
  return { app, ...(wire.participant ? { participant: wire.participant } : {}) };
}
