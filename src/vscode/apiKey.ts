import type * as vscode from 'vscode';
import { SECRET_API_KEY } from '../shared/ids';

/** The API key lives only in SecretStorage; it is read per request and sent only to the configured endpoint. */
export class ApiKeyStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  get(): Thenable<string | undefined> {
    return this.secrets.get(SECRET_API_KEY);
  }

  async set(key: string): Promise<void> {
    if (key.trim()) await this.secrets.store(SECRET_API_KEY, key.trim());
    else await this.secrets.delete(SECRET_API_KEY);
  }

  onDidChange(listener: () => void): vscode.Disposable {
    return this.secrets.onDidChange((e) => {
      if (e.key === SECRET_API_KEY) listener();
    });
  }
}
