import { SfuError } from '../../src/service/errors.js';

/** The contract code `run` throws (undefined when it does not throw), for checks on the service alone. */
export function codeOf(run: () => void): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof SfuError ? error.code : 'not an SfuError';
  }
}
