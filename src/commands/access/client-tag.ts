/**
 * Remembers which token a failed Zadig call used, so a 401/403 is worded for the right person: "your
 * linked token was rejected" is only true when it was the user's token, not the bot's. The wrapper is
 * a Proxy over the client: every promise-returning method marks its rejection with the identity.
 */
import type { ZadigClient } from '../../zadig/api.js';

/** Whose token a client call was made with. */
export type CallIdentity = 'user' | 'bot';

const tags = new WeakMap<object, CallIdentity>();

/** The identity a failed call was made as, when the error came through a tagged client. */
export function identityOfError(e: unknown): CallIdentity | undefined {
  return typeof e === 'object' && e !== null ? tags.get(e) : undefined;
}

/** Wraps a client so its rejections carry `who`. Streams (async iterables) pass through untouched. */
export function tagClient(client: ZadigClient, who: CallIdentity): ZadigClient {
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const out = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (out instanceof Promise) {
          return out.catch((e: unknown) => {
            if (typeof e === 'object' && e !== null && !tags.has(e)) tags.set(e, who);
            throw e;
          });
        }
        return out;
      };
    },
  });
}
