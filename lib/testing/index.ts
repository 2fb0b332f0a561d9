/** Test helpers: the provider emulator and a virtual clock. @packageDocumentation */
export {
  EMULATOR_SESSION_HEADER,
  ProviderEmulator,
  WebSocketEndpoint,
  builtInWires,
  emulatedEmbedding,
} from './emulator';
export type {
  EmulatedError,
  EmulatedFault,
  EmulatedReply,
  EmulatedSource,
  EmulatedToolCall,
  EmulatorOptions,
  EmulatorScriptFile,
  EmulatorWire,
  ReceivedSteer,
  RecordedRequest,
  SteeringMode,
  WebSocketStats,
  WireContext,
  WireRoute,
  WireStream,
} from './emulator';
export {
  VirtualClock,
} from './virtual.clock';
export {
  CHATML_TEMPLATE,
  GGUF_MAGIC,
  GGUF_VERSION,
  GgufTokenType,
  SeededRandom,
  chatMlByteVocabulary,
  encodeGguf,
  encodeTinyLlama,
  gguf,
  tinyLlamaContent,
  writeTinyLlama,
} from './gguf';
export type {
  GgufArrayItem,
  GgufFileContent,
  GgufMetadataValue,
  GgufNumberKind,
  GgufScalarKind,
  GgufTensor,
  GgufVocabulary,
  TinyLlamaOptions,
} from './gguf';
