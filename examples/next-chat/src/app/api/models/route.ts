/**
 * The model picker's source: `GET /v1/models` on the edge the autorouter picks (the core's
 * `listModels`), narrowed to chat models with the core's capability data.
 */
import { PolarGridEdge, getModelCapabilities, listModels } from '@polargrid/core';
import { describeError } from '@/lib/describe-error';
import { polarGridSettings } from '@/lib/polargrid-settings';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export interface ModelOption {
  id: string;
  reasoning: boolean;
  tools: boolean;
}

export interface ModelsResponse {
  region: string;
  regionName: string | undefined;
  models: ModelOption[];
}

/** Embedding, speech and transcription models cannot chat; ids the catalogue lacks are kept. */
function isChatModel(id: string, pgType: string | undefined): boolean {
  const caps = getModelCapabilities(id);
  if (caps) return caps.type === 'chat';
  return pgType === undefined || /llm|chat|text/i.test(pgType);
}

export async function GET(req: Request): Promise<Response> {
  try {
    const client = new PolarGridEdge(polarGridSettings());
    const { data, meta } = await listModels(client, { signal: req.signal });
    const models = data.data
      .filter((m) => isChatModel(m.id, m.pg_model_type))
      .map((m): ModelOption => {
        const caps = getModelCapabilities(m.id);
        return { id: m.id, reasoning: caps?.reasoning ?? false, tools: caps?.tools ?? false };
      });
    const body: ModelsResponse = { region: meta.region, regionName: meta.regionName, models };
    return Response.json(body);
  } catch (error) {
    return Response.json({ error: describeError(error) }, { status: 502 });
  }
}
