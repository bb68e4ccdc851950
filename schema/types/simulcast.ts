import type { SimulcastPreferences as Preferences } from '../../src/service/index.js';
import { builder } from '../builder.js';
import { SimulcastOrdering } from './enums.js';

const descriptions = {
  preferredRid: 'RID of the layer to receive; "" means no preference (pick by bandwidth).',
  priorityOrdering: 'How to order layers when choosing one.',
  ridNotAvailable: 'What to do when the preferred layer is not being sent.',
};

export const SimulcastPreferences = builder.objectRef<Preferences>('SimulcastPreferences').implement({
  description: 'Which simulcast layer a pulled track receives.',
  fields: (t) => ({
    preferredRid: t.exposeString('preferredRid', { nullable: true, description: descriptions.preferredRid }),
    priorityOrdering: t.field({ type: SimulcastOrdering, nullable: true, description: descriptions.priorityOrdering, resolve: (p) => p.priorityOrdering }),
    ridNotAvailable: t.field({ type: SimulcastOrdering, nullable: true, description: descriptions.ridNotAvailable, resolve: (p) => p.ridNotAvailable }),
  }),
});

export const SimulcastInput = builder.inputType('SimulcastInput', {
  fields: (t) => ({
    preferredRid: t.string({ description: descriptions.preferredRid }),
    priorityOrdering: t.field({ type: SimulcastOrdering, description: descriptions.priorityOrdering }),
    ridNotAvailable: t.field({ type: SimulcastOrdering, description: descriptions.ridNotAvailable }),
  }),
});

/** Drops the nulls GraphQL gives for omitted input fields. */
export function simulcastFromInput(input: { preferredRid?: string | null; priorityOrdering?: Preferences['priorityOrdering'] | null; ridNotAvailable?: Preferences['ridNotAvailable'] | null }): Preferences {
  const preferences: Preferences = {};
  if (input.preferredRid != null) preferences.preferredRid = input.preferredRid;
  if (input.priorityOrdering != null) preferences.priorityOrdering = input.priorityOrdering;
  if (input.ridNotAvailable != null) preferences.ridNotAvailable = input.ridNotAvailable;
  return preferences;
}
