/**
 * Secrets Manager's GetSecretValue for given secrets, on its JSON protocol, so the signers read their certificate
 * chains, trust roots and CSC logins through the real SDK client. (The local runtime's stand-in serves the link key
 * alone.) It records the ids asked for.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

export interface SecretsStandIn {
  client: SecretsManagerClient;
  asked: string[];
  close(): Promise<void>;
}

export async function startSecretsStandIn(secrets: Record<string, string>): Promise<SecretsStandIn> {
  const asked: string[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      const { SecretId } = JSON.parse(raw || '{}') as { SecretId?: string };
      asked.push(String(SecretId));
      const value = SecretId === undefined ? undefined : secrets[SecretId];
      res.writeHead(value === undefined ? 400 : 200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(
        JSON.stringify(
          value === undefined
            ? {
                __type: 'ResourceNotFoundException',
                message: "Secrets Manager can't find the specified secret.",
              }
            : {
                ARN: `arn:aws:secretsmanager:ap-southeast-1:000000000000:secret:${SecretId}`,
                Name: SecretId,
                SecretString: value,
              },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new SecretsManagerClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'ap-southeast-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  return {
    client,
    asked,
    close: async () => {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
