import type { PeerScript, PeerToolCall, ToolCallStyle } from './openaiPeer';

/** One reply that calls tools (optionally after some text), finishing with `tool_calls`. */
export function toolTurn(calls: PeerToolCall[], options: { text?: string; style?: ToolCallStyle } = {}): PeerScript {
  return {
    chunks: options.text ? [options.text] : [],
    toolCalls: calls,
    ...(options.style ? { toolCallStyle: options.style } : {}),
    finishReason: 'tool_calls',
  };
}

/** A reply of plain text, finishing with `stop`. */
export function textTurn(text: string): PeerScript {
  return { chunks: [text], finishReason: 'stop' };
}

export interface BuilderLoopOptions {
  /** The file read and edited, relative to the workspace root. */
  path?: string;
  /** The exact text `edit_file` replaces, and what it puts there. */
  search?: string;
  replace?: string;
  /** The closing answer. */
  answer?: string;
  style?: ToolCallStyle;
}

/** The ids the Builder loop's calls carry, in order, for tests that pair tool results with calls. */
export const BUILDER_LOOP_IDS = { read: 'call_read_1', edit: 'call_edit_1', validate: 'call_validate_1' } as const;

/**
 * The replies of a short Builder loop, one per request: read the file, edit it, run the validation,
 * then answer in text. Queue them with `peer.enqueue(...builderLoop())`; each request after the first
 * should carry the previous call's result as a `tool` message (the peer records it in `requests`).
 */
export function builderLoop(options: BuilderLoopOptions = {}): PeerScript[] {
  const path = options.path ?? 'src/add.ts';
  const search = options.search ?? 'return a - b;';
  const replace = options.replace ?? 'return a + b;';
  const style = options.style;
  return [
    toolTurn([{ id: BUILDER_LOOP_IDS.read, name: 'read_file', arguments: JSON.stringify({ path }) }], {
      text: `Reading ${path} first.`,
      style,
    }),
    toolTurn([{ id: BUILDER_LOOP_IDS.edit, name: 'edit_file', arguments: JSON.stringify({ path, search, replace }) }], {
      text: 'The subtraction is the bug; fixing it.',
      style,
    }),
    toolTurn([{ id: BUILDER_LOOP_IDS.validate, name: 'run_validation', arguments: '{}' }], { style }),
    textTurn(options.answer ?? `Fixed ${path}: it now adds, and the validation passes.`),
  ];
}
