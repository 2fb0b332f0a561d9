/** Moved to the contract (`lib/core`); kept so that `lib/errors` stays the one place to import every error from. */
export * from '../core/chat.error';
