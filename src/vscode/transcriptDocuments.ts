import * as vscode from 'vscode';
import { TRANSCRIPT_SCHEME } from '../shared/ids';
import { transcriptMarkdown } from '../core/transcripts/transcriptMarkdown';
import { readNewLines } from '../node/transcripts/lineTail';
import type { SessionDirectory } from './sessionDirectory';

/** Read-only markdown documents of other agents' transcripts, rendered inert and with secrets redacted. */
export class TranscriptDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly directory: SessionDirectory) {}

  static uriFor(key: string, title: string): vscode.Uri {
    const name = title.replace(/[^\w .-]+/g, ' ').trim().slice(0, 60) || 'transcript';
    return vscode.Uri.from({ scheme: TRANSCRIPT_SCHEME, path: `/${name}.md`, query: new URLSearchParams({ key }).toString() });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const key = new URLSearchParams(uri.query).get('key') ?? '';
    const summary = this.directory.get(key);
    if (!summary?.path) return `# Session not found\n\nThe session ${key} is no longer in the list (its file was moved or deleted).\n`;
    const lines: string[] = [];
    try {
      await readNewLines(summary.path, undefined, (l) => lines.push(l));
    } catch (error) {
      return `# Cannot read the transcript\n\n${String(error instanceof Error ? error.message : error).replace(/</g, '&lt;')}\n`;
    }
    const subtitle = `${summary.label} session ${summary.id} · ${summary.model}${summary.cwd ? ` · ${summary.cwd}` : ''} · read-only, secrets redacted`;
    return transcriptMarkdown(summary.title, subtitle, lines);
  }
}
