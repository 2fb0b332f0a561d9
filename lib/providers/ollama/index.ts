/** Ollama (local models): `chat-ts/ollama`. @packageDocumentation */
export * from './ollama.builder';
export * from './ollama.provider';
export * from './ollama-config.types';
export * from './ollama-host.resolver';
