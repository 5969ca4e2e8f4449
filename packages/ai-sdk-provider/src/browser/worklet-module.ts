/**
 * Loads an AudioWorklet processor from its source text. `addModule` wants a URL; a Blob URL of
 * the source means the page needs no extra file to host (no `public/` copy, no bundler plugin).
 * Under a Content Security Policy, `script-src` must allow `blob:`.
 */
const loaded = new WeakMap<BaseAudioContext, Map<string, Promise<void>>>();

/** Registers the processor in `source` on `context` once (later calls share the first load). */
export function loadWorklet(
  context: BaseAudioContext,
  name: string,
  source: string,
): Promise<void> {
  let modules = loaded.get(context);
  if (modules === undefined) {
    modules = new Map();
    loaded.set(context, modules);
  }
  let loading = modules.get(name);
  if (loading === undefined) {
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    loading = context.audioWorklet.addModule(url).finally(() => URL.revokeObjectURL(url));
    modules.set(name, loading);
  }
  return loading;
}
