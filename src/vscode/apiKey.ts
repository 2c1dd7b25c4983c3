import * as vscode from 'vscode';
import { SECRET_API_KEY, SECRET_BOUND_API_KEY } from '../shared/ids';
import { BoundKeyStore } from '../core/boundKeyStore';
import type { KeyChoice } from '../core/keyOrigin';
import { keyOriginQuestion, sendKeyLabel, WITHOUT_KEY_LABEL } from '../core/keyOrigin';

/**
 * The API key lives only in SecretStorage, bound to the origin it was entered for (see BoundKeyStore);
 * it is read per request and sent only to that origin unless the user confirms another one.
 */
export class ApiKeyStore extends BoundKeyStore {
  constructor(
    private readonly secrets: vscode.SecretStorage,
    log: (line: string) => void,
  ) {
    super({ secrets, names: { bound: SECRET_BOUND_API_KEY, legacy: SECRET_API_KEY }, log });
  }

  onDidChange(listener: () => void): vscode.Disposable {
    return this.secrets.onDidChange((e) => {
      if (e.key === SECRET_BOUND_API_KEY || e.key === SECRET_API_KEY) listener();
    });
  }
}

/** The modal that names both origins; dismissing it answers undefined. */
export async function confirmKeyOrigin(keyOrigin: string, endpointOrigin: string): Promise<KeyChoice> {
  const send = sendKeyLabel(endpointOrigin);
  const answer = await vscode.window.showWarningMessage(
    keyOriginQuestion(keyOrigin, endpointOrigin),
    { modal: true, detail: 'The key goes in the Authorization header of every request: send it only where you trust.' },
    send,
    WITHOUT_KEY_LABEL,
  );
  return answer === send ? 'send' : answer === WITHOUT_KEY_LABEL ? 'without' : undefined;
}
