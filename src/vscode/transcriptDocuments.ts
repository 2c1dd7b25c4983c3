import * as vscode from 'vscode';
import { TRANSCRIPT_SCHEME } from '../shared/ids';
import { redactSecrets } from '../core/transcripts/redact';
import { TranscriptMarkdown } from '../core/transcripts/transcriptMarkdown';
import { windowNotes } from '../core/transcripts/windowNote';
import { DEFAULT_WINDOW_BYTES, readTranscriptWindow } from '../node/transcripts/transcriptWindow';
import type { SessionDirectory } from './sessionDirectory';

/**
 * Read-only markdown documents of other agents' transcripts, rendered inert and with secrets redacted.
 * Only the last `windowBytes` of a file are read (a transcript can be gigabytes of long lines); the
 * document says what was left out, and "Open Raw Transcript File" opens the whole file.
 */
export class TranscriptDocuments implements vscode.TextDocumentContentProvider {
  constructor(
    private readonly directory: SessionDirectory,
    private readonly windowBytes = DEFAULT_WINDOW_BYTES,
  ) {}

  static uriFor(key: string, title: string): vscode.Uri {
    const name =
      title
        .replace(/[^\w .-]+/g, ' ')
        .trim()
        .slice(0, 60) || 'transcript';
    return vscode.Uri.from({
      scheme: TRANSCRIPT_SCHEME,
      path: `/${name}.md`,
      query: new URLSearchParams({ key }).toString(),
    });
  }

  /** The session key of a transcript document's URI. */
  static keyOf(uri: vscode.Uri): string | undefined {
    return uri.scheme === TRANSCRIPT_SCHEME ? (new URLSearchParams(uri.query).get('key') ?? undefined) : undefined;
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const key = TranscriptDocuments.keyOf(uri) ?? '';
    const summary = this.directory.get(key);
    if (!summary?.path) {
      return `# Session not found\n\nThe session ${key} is no longer in the list (its file was moved or deleted).\n`;
    }
    const cwd = summary.cwd ? ` · ${summary.cwd}` : '';
    const subtitle = `${summary.label} session ${summary.id} · ${summary.model}${cwd} · read-only, secrets redacted`;
    const doc = new TranscriptMarkdown(summary.title, subtitle, undefined, 'last');
    try {
      const capBytes = this.windowBytes;
      const window = await readTranscriptWindow(summary.path, (line) => doc.add(line), { capBytes });
      return doc.finish(windowNotes(window));
    } catch (error) {
      const message = redactSecrets(String(error instanceof Error ? error.message : error)).replace(/</g, '&lt;');
      return `# Cannot read the transcript\n\n${message}\n`;
    }
  }
}
