import { EventEmitter } from 'node:events';

type EventMap<E> = { [K in keyof E]: unknown[] };

/**
 * An EventEmitter whose events and argument tuples are declared by a type. `emit` survives a
 * throwing listener: one bad subscriber must not break the resource that emits.
 */
export class TypedEmitter<Events extends EventMap<Events>> {
  readonly #emitter = new EventEmitter();

  on<K extends keyof Events & string>(event: K, listener: (...args: Events[K]) => void): this {
    this.#emitter.on(event, listener as (...args: unknown[]) => void);
    return this;
  }

  once<K extends keyof Events & string>(event: K, listener: (...args: Events[K]) => void): this {
    this.#emitter.once(event, listener as (...args: unknown[]) => void);
    return this;
  }

  off<K extends keyof Events & string>(event: K, listener: (...args: Events[K]) => void): this {
    this.#emitter.off(event, listener as (...args: unknown[]) => void);
    return this;
  }

  emit<K extends keyof Events & string>(event: K, ...args: Events[K]): void {
    for (const listener of this.#emitter.listeners(event)) {
      try {
        (listener as (...a: Events[K]) => void)(...args);
      } catch (error) {
        process.emitWarning(`listener of "${event}" threw: ${(error as Error).stack ?? String(error)}`);
      }
    }
  }

  removeAllListeners(): void {
    this.#emitter.removeAllListeners();
  }
}
