/** Wire types of the operator-only endpoints (§4.4, §4.5). Names stay snake_case. */

export interface LoadModelRequest {
  model_name: string;
  force_reload?: boolean;
}
export interface LoadModelResponse {
  status: string;
  model?: string;
  force_reload?: boolean;
  message?: string;
  [extra: string]: unknown;
}
export interface UnloadModelResponse {
  status: string;
  model?: string;
  message?: string;
  [extra: string]: unknown;
}
export interface UnloadAllModelsResponse {
  status: string;
  unloaded_models: string[];
  errors: unknown[];
  total_unloaded: number;
}
export interface GPUMemory {
  total_gb?: number;
  used_gb?: number;
  free_gb?: number;
  percent_used?: number;
  percent_free?: number;
  [extra: string]: unknown;
}
export interface GPUStatus {
  status: string;
  timestamp?: string;
  gpus: Array<Record<string, unknown>>;
  processes?: Array<{ pid: number; name: string; memory_mb: number }>;
  total_gpus?: number;
}
export interface GPUMemoryStatus {
  status: string;
  timestamp?: string;
  memory: GPUMemory[];
}
export interface PurgeGPURequest {
  force?: boolean;
}
export interface PurgeGPUResponse {
  status: string;
  [extra: string]: unknown;
}
