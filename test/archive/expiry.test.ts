/**
 * Download URLs stop working. s3rver 3.7 checks a presigned URL's X-Amz-Date + X-Amz-Expires against its own clock
 * and answers 403 "Request has expired" after that (lib/middleware/authentication.js); it does NOT check the
 * signature, so locally an edited X-Amz-Expires would be believed. In AWS the signature covers X-Amz-Expires. So
 * this proves the expiry the URL carries is enforced, and that the application never asks for more than 300 s.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createDocumentStore, MAX_URL_SECONDS } from '#adapters/s3-document-store.ts';
import { presignerFromEnv } from '#adapters/s3-presign.ts';
import { DOWNLOAD_SECONDS } from '#domain/archive/record.ts';
import type { DocumentStore } from '#domain/ports.ts';
import { useEmulators } from '../support/emulators.ts';

const env = useEmulators();
let archive: DocumentStore;
const key = 'archive/expiry/minutes-v1.docx';

beforeAll(async () => {
  archive = createDocumentStore(env.s3, env.archiveBucket, { writeOnce: true });
  await archive.put(key, new TextEncoder().encode('signed minutes'), 'application/octet-stream');
});

describe('a download URL', () => {
  it('works until its expiry, then answers 403', async () => {
    const filename = 'BienBan-03-BB-BTGTU-2030-08-24.docx';
    const fresh = await fetch(await archive.downloadUrl(key, { filename, expiresSeconds: 60 }));
    expect(fresh.status).toBe(200);
    expect(await fresh.text()).toBe('signed minutes');

    // the same link, signed a minute ago for 2 s: past its expiry without waiting for it
    const url = await presignerFromEnv(env.archiveBucket).getUrl(key, {
      filename,
      expiresSeconds: 2,
      signingDate: new Date(Date.now() - 60_000),
    });
    expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('2');
    const stale = await fetch(url);
    expect(stale.status).toBe(403);
    expect(await stale.text()).toContain('Request has expired');
  });

  it('the archive asks for 300 s, and the store never signs for longer whatever it is asked', async () => {
    const url = await archive.downloadUrl(key, { filename: 'x.docx', expiresSeconds: 3600 });

    expect(DOWNLOAD_SECONDS).toBe(300);
    expect(MAX_URL_SECONDS).toBe(300);
    expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('300');
  });
});
