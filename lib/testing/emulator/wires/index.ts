import type { EmulatorWire } from '../emulator-wire.types';
import { azureWire } from './azure.wire';
import { bedrockWire } from './bedrock.wire';
import { cohereWire } from './cohere.wire';
import { vertexWire } from './vertex.wire';
import { claudeWire } from './claude.wire';
import { claudeBatchesWire } from './claude-batches.wire';
import { geminiBatchesWire } from './gemini-batches.wire';
import { openAIBatchesWire } from './openai-batches.wire';
import { completionsWire } from './completions.wire';
import { geminiWire } from './gemini.wire';
import { ollamaWire } from './ollama.wire';
import { responsesWire } from './responses.wire';

/** Every wire the emulator speaks, in matching order. Each provider issue adds its wire here. */
export function builtInWires(): EmulatorWire[] {
  return [azureWire, vertexWire, bedrockWire, cohereWire, responsesWire, claudeWire, completionsWire, ollamaWire, geminiWire, claudeBatchesWire(), openAIBatchesWire(), geminiBatchesWire()];
}
