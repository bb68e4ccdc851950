import { asStoreError } from './redis.js';

/**
 * Runs a call that needs the cluster's store (Redis): while Redis cannot be reached it fails
 * with the contract's 503 `temporarily_unavailable_error` rather than an unexpected error, so a
 * client retries; the instance keeps serving what needs no Redis (its own sessions' media).
 */
export async function storeError<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw asStoreError(error);
  }
}
