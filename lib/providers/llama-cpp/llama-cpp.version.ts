/**
 * The exact node-llama-cpp version chat-ts is tested with. In a file of its own so that the public
 * types of `chat-ts/llama-cpp` never reference node-llama-cpp's (an optional peer a consumer's
 * compiler may not find).
 */
export const NODE_LLAMA_CPP_VERSION = '3.21.1';
