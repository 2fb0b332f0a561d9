/** Input streaming: push user input into a running chat (interrupt, merge, restart). */
export * from './user-input.types';
export * from './user-input';
export * from './native-steering.types';
export * from './chat-session';
