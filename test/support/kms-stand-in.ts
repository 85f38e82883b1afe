/**
 * A local stand-in for the two KMS operations the `kms` signer uses, on the KMS JSON protocol (`POST /`,
 * `X-Amz-Target: TrentService.Sign | TrentService.GetPublicKey`, `application/x-amz-json-1.1`, errors as
 * `{__type, message}`), holding real keys, so the adapter is tested through the real @aws-sdk/client-kms. No
 * emulator on npm serves KMS. It does not check SigV4 (the SDK signs anyway); it records each call.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signDigest } from './sign-digest.ts';

export interface KmsStandIn {
  endpoint: string;
  calls: { operation: string; body: Record<string, unknown> }[];
  close(): Promise<void>;
}

const SPEC = { ec: 'ECC_NIST_P256', rsa: 'RSA_2048' } as const;
const ALGORITHM = { ec: 'ECDSA_SHA_256', rsa: 'RSASSA_PKCS1_V1_5_SHA_256' } as const;

export async function startKmsStandIn(keys: Record<string, KeyObject>): Promise<KmsStandIn> {
  const calls: KmsStandIn['calls'] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      const operation = String(req.headers['x-amz-target'] ?? '').replace('TrentService.', '');
      const body = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
      calls.push({ operation, body });
      const reply = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(value));
      };
      const keyId = String(body.KeyId ?? '');
      const key = keys[keyId];
      if (!key) return reply(400, { __type: 'NotFoundException', message: `Key '${keyId}' does not exist` });
      const type = key.asymmetricKeyType === 'ec' ? 'ec' : 'rsa';
      if (operation === 'GetPublicKey')
        return reply(200, {
          KeyId: keyId,
          KeySpec: SPEC[type],
          KeyUsage: 'SIGN_VERIFY',
          PublicKey: createPublicKey(key).export({ type: 'spki', format: 'der' }).toString('base64'),
          SigningAlgorithms: [ALGORITHM[type]],
        });
      if (operation === 'Sign') {
        const message = Buffer.from(String(body.Message ?? ''), 'base64');
        if (body.MessageType !== 'DIGEST' || message.length !== 32)
          return reply(400, { __type: 'ValidationException', message: 'only MessageType DIGEST of SHA-256' });
        if (body.SigningAlgorithm !== ALGORITHM[type])
          return reply(400, {
            __type: 'InvalidKeyUsageException',
            message: 'the algorithm does not fit the key',
          });
        const signature = Buffer.from(signDigest(key, message)).toString('base64');
        return reply(200, { KeyId: keyId, Signature: signature, SigningAlgorithm: body.SigningAlgorithm });
      }
      reply(400, { __type: 'UnsupportedOperationException', message: operation });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
