/** Test helpers: the provider emulator and a virtual clock. @packageDocumentation */
export * from './emulator';
export * from './virtual.clock';
export * from './gguf';
