/** llama.cpp token types (`llama_token_type`). */
export const GgufTokenType = { normal: 1, unknown: 2, control: 3, userDefined: 4, unused: 5, byte: 6 } as const;

/** A tokenizer vocabulary as GGUF stores it: parallel arrays of texts, scores and types. */
export interface GgufVocabulary {
  readonly tokens: readonly string[];
  readonly scores: readonly number[];
  readonly types: readonly number[];
  readonly unknownId: number;
  readonly bosId: number;
  readonly eosId: number;
  /** End of turn: `<|im_end|>`. */
  readonly eotId: number;
}

/** The ChatML chat template (Jinja), as `tokenizer.chat_template`. */
export const CHATML_TEMPLATE =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

/**
 * A byte-fallback SentencePiece vocabulary: `<unk>`, `<s>`, `</s>`, the 256 byte tokens `<0x00>`..`<0xFF>`,
 * the word-boundary piece `▁` (so spaces read back as spaces), then the ChatML control tokens
 * `<|im_start|>` and `<|im_end|>`. Any text tokenizes: one token per byte, one per space.
 */
export function chatMlByteVocabulary(): GgufVocabulary {
  const tokens = ['<unk>', '<s>', '</s>'];
  const types: number[] = [GgufTokenType.unknown, GgufTokenType.control, GgufTokenType.control];
  for (let byte = 0; byte < 256; byte++) {
    tokens.push(`<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`);
    types.push(GgufTokenType.byte);
  }
  tokens.push('\u2581', '<|im_start|>', '<|im_end|>');
  types.push(GgufTokenType.normal, GgufTokenType.control, GgufTokenType.control);
  return {
    tokens,
    types,
    scores: tokens.map(() => 0),
    unknownId: 0,
    bosId: 1,
    eosId: 2,
    eotId: tokens.length - 1,
  };
}
