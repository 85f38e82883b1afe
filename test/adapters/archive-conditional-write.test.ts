/**
 * The archive's writes carry `If-None-Match: *`, which the archive bucket's policy demands of every PutObject in
 * AWS; the real SDK sends it and the S3 emulator accepts it (it does not enforce it: the adapter's own check does).
 */
import { randomUUID } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import type { HttpRequest } from '@smithy/types';
import { afterAll, describe, expect, it } from 'vitest';
import { createDocumentStore } from '#adapters/s3-document-store.ts';
import { useEmulators } from '../support/emulators.ts';

const env = useEmulators();
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A client that remembers the method and headers of each request it sends. */
function recordingClient(): { s3: S3Client; sent: { method: string; headers: Record<string, string> }[] } {
  const s3 = new S3Client({ forcePathStyle: true });
  const sent: { method: string; headers: Record<string, string> }[] = [];
  s3.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as HttpRequest;
      sent.push({ method: request.method, headers: { ...request.headers } });
      return next(args);
    },
    { step: 'finalizeRequest', name: 'recordRequests' },
  );
  return { s3, sent };
}

const clients: S3Client[] = [];
afterAll(() => {
  for (const c of clients) c.destroy();
});

describe('archive writes', () => {
  it('send If-None-Match: * with every PUT, and the emulator stores the object', async () => {
    const { s3, sent } = recordingClient();
    clients.push(s3);
    const key = `archive/${randomUUID()}/minutes.docx`;

    await createDocumentStore(s3, env.archiveBucket, { writeOnce: true }).put(
      key,
      new Uint8Array([1, 2]),
      DOCX,
    );

    const puts = sent.filter((r) => r.method === 'PUT');
    expect(puts).toHaveLength(1);
    expect(puts[0]?.headers['if-none-match']).toBe('*');
    const read = await createDocumentStore(env.s3, env.archiveBucket).get(key);
    expect([...read]).toEqual([1, 2]);
  });

  it('are the only writes that send it: a draft may be replaced', async () => {
    const { s3, sent } = recordingClient();
    clients.push(s3);

    await createDocumentStore(s3, env.documentsBucket).put(`d/${randomUUID()}`, new Uint8Array([1]), DOCX);

    expect(sent.find((r) => r.method === 'PUT')?.headers['if-none-match']).toBeUndefined();
  });
});
