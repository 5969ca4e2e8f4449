/**
 * Every code a `PolarGridError` can carry that the core itself sets, in one list. The core
 * README's error table gives each one's meaning and whether it is retryable; keep the two in
 * step (a test compares them).
 *
 * An edge may also send a code of its own (in an error body or an in-stream `{"error": …}`):
 * that code is kept as sent (`PolarGridError.code`), whether or not it is in this list.
 */
export const POLARGRID_ERROR_CODES = [
  // The caller's input, refused before any network call (ValidationError).
  'invalid_request',
  'invalid_header',
  'context_length_exceeded',
  'model_retired',
  'tools_not_supported',
  'images_not_supported',
  'audio_too_large',
  // The client's configuration (ConfigurationError).
  'missing_api_key',
  'invalid_api_key',
  'browser_key',
  'invalid_url',
  'credentials_in_url',
  'secret_in_url',
  'invalid_edge_urls',
  'invalid_option',
  'unknown_option',
  'invalid_client',
  'unknown_region',
  // Routing.
  'no_route',
  'model_not_served',
  'model_not_loaded',
  // The response, as the client read it.
  'rate_limit_exceeded',
  'blocked_by_cdn',
  'redirect_refused',
  'invalid_json',
  'not_event_stream',
  'not_audio',
  'empty_audio',
  'body_too_large',
  'event_too_large',
  'transcription_failed',
  'invalid_job',
  // Deadlines, the network and the caller.
  'timeout',
  'body_timeout',
  'stream_stalled',
  'job_timeout',
  'connection_error',
  'stream_interrupted',
  'aborted',
  // Realtime (PersonaPlex) sessions.
  'unknown_voice',
  'no_websocket',
  'invalid_socket_options',
  'websocket_upgrade_failed',
  'handshake_timeout',
  'closed_before_ready',
  'closed_mid_session',
  'session_closed',
  'malformed_frame',
  'frame_too_large',
  'edge_error',
  'consumer_too_slow',
] as const;

/**
 * A code the core sets on a `PolarGridError` (`error.code`); the core README's error table gives
 * each one's meaning and whether it is retryable. An edge's own code is kept as sent besides.
 */
export type PolarGridErrorCode = (typeof POLARGRID_ERROR_CODES)[number];
