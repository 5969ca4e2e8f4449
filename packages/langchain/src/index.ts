export {
  ChatPolarGrid,
  type ChatPolarGridCallOptions,
  type ChatPolarGridInput,
  type ChatPolarGridRequestParams,
  DEFAULT_CHAT_MODEL,
} from './chat_models.js';
export type { ReasoningMode } from './stream_chunks.js';
export type { ChatPolarGridTool } from './tools.js';
export { ChatPolarGridBinding } from './tool_binding.js';
export { getProfile, profileFromCapabilities } from './profiles.js';
export { toLangChainError } from './errors.js';
export {
  DEFAULT_EMBEDDING_MODEL,
  PolarGridEmbeddings,
  type PolarGridEmbeddingsParams,
} from './embeddings.js';
export { PolarGridLLM, type PolarGridLLMCallOptions, type PolarGridLLMInput } from './llms.js';
export { PACKAGE_VERSION } from './version.js';
export {
  type LangGraphMetadataTap,
  type PolarGridRunMetadata,
  polarGridFieldsFromResponseMetadata,
  tapLangGraphMetadata,
  type UIMessageChunkLike,
} from './ui/langgraph_metadata.js';
