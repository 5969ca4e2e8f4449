/**
 * Reference answers straight off the emulator's wire (non-streamed, no package of ours involved):
 * the emulator's model is deterministic, so a streamed answer to the same prompt must equal it.
 */
export async function referenceAnswer(
  edgeURL: string,
  apiKey: string,
  model: string,
  prompt: string,
): Promise<string> {
  const response = await fetch(`${edgeURL}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: prompt }] }),
  });
  if (!response.ok) throw new Error(`reference request failed: ${response.status}`);
  const body = (await response.json()) as { choices: { message: { content: string } }[] };
  return body.choices[0]!.message.content;
}
