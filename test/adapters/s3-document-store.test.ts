import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { attachmentDisposition, createDocumentStore } from '#adapters/s3-document-store.ts';
import { ArchiveImmutableError, DocumentNotFoundError } from '#domain/errors.ts';
import { useEmulators } from '../support/emulators.ts';

const env = useEmulators();
const documents = () => createDocumentStore(env.s3, env.documentsBucket);
const archive = () => createDocumentStore(env.s3, env.archiveBucket, { writeOnce: true });
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
afterEach(() => {
  vi.useRealTimers();
});
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('the document store', () => {
  it('stored bytes read back identical, with their sha256 and size', async () => {
    const body = randomBytes(200_000);
    const key = `visits/${randomUUID()}/agenda-v1.docx`;

    const stored = await documents().put(key, body, DOCX);
    const read = await documents().get(key);

    expect(stored).toMatchObject({ key, sha256: sha256(body), size: body.byteLength });
    expect(Buffer.from(read).equals(body)).toBe(true);
  });

  it('the object carries its content type and its sha256 in metadata', async () => {
    const body = new TextEncoder().encode('Biên bản làm việc');
    const key = `visits/${randomUUID()}/minutes.txt`;

    await documents().put(key, body, 'text/plain; charset=utf-8');
    const head = await env.s3.send(new HeadObjectCommand({ Bucket: env.documentsBucket, Key: key }));

    expect(head.ContentType).toBe('text/plain; charset=utf-8');
    expect(head.Metadata?.sha256).toBe(sha256(body));
  });

  it('a draft key may be written again', async () => {
    const key = `visits/${randomUUID()}/agenda.docx`;
    await documents().put(key, new Uint8Array([1]), DOCX);

    await documents().put(key, new Uint8Array([2, 2]), DOCX);

    expect([...(await documents().get(key))]).toEqual([2, 2]);
  });

  it('reading a key that does not exist answers document not found', async () => {
    await expect(documents().get(`missing/${randomUUID()}`)).rejects.toBeInstanceOf(DocumentNotFoundError);
  });
});

describe('the write-once archive', () => {
  it('an archived key is never overwritten', async () => {
    const key = `archive/${randomUUID()}/minutes.docx`;
    await archive().put(key, new Uint8Array([1, 2, 3]), DOCX);

    const again = archive().put(key, new Uint8Array([9]), DOCX);

    await expect(again).rejects.toBeInstanceOf(ArchiveImmutableError);
    expect([...(await archive().get(key))]).toEqual([1, 2, 3]);
  });
});

describe('download links', () => {
  it('a signed link downloads the bytes with the Vietnamese file name', async () => {
    const body = randomBytes(1000);
    const key = `visits/${randomUUID()}/agenda.docx`;
    await documents().put(key, body, DOCX);
    const filename = 'Chương trình làm việc 05-CTr-BTGTU.docx';

    const url = await documents().downloadUrl(key, { filename });
    const res = await fetch(url);

    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(body)).toBe(true);
    const disposition = res.headers.get('content-disposition') ?? '';
    expect(disposition).toBe(attachmentDisposition(filename));
    const encoded = /filename\*=UTF-8''(.+)$/.exec(disposition)?.[1] ?? '';
    expect(decodeURIComponent(encoded)).toBe(filename);
  });

  it('a link lives at most five minutes, whatever is asked', async () => {
    const url = new URL(await documents().downloadUrl('k', { filename: 'a.docx', expiresSeconds: 3600 }));
    const short = new URL(await documents().downloadUrl('k', { filename: 'a.docx', expiresSeconds: 60 }));

    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(short.searchParams.get('X-Amz-Expires')).toBe('60');
  });

  it('a link is refused once its time is up', async () => {
    const key = `visits/${randomUUID()}/agenda.docx`;
    await documents().put(key, new Uint8Array([1]), DOCX);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() - 301_000 });
    const url = await documents().downloadUrl(key, { filename: 'a.docx' });
    vi.useRealTimers();

    const res = await fetch(url);

    expect(res.status).toBe(403);
  });

  it('the ASCII fallback name drops the marks and the quotes', () => {
    expect(attachmentDisposition('Biên bản "Đà Nẵng".docx')).toBe(
      `attachment; filename="Bien ban _Da Nang_.docx"; filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n%20%22%C4%90%C3%A0%20N%E1%BA%B5ng%22.docx`,
    );
  });
});
