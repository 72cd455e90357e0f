import { AuditSigningKey } from '@maillage/audit';
import { type CliContext, loadConfig } from '../cli-context';
import { EXIT } from '../exit-codes';
import { allowOnly, type ParsedArgs } from '../parse-args';

/** `maillage public-key`: prints the public key (SPKI PEM) that verifies the checkpoints. */
export function publicKeyCommand(args: ParsedArgs, context: CliContext): Promise<number> {
  allowOnly(args, []);
  const key = AuditSigningKey.loadOrCreate(loadConfig(context).audit.signingKeyFile);
  context.stdout.write(key.publicKeyPem);
  return Promise.resolve(EXIT.ok);
}
