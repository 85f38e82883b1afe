/**
 * DocumentStore on one S3 bucket. `put` records the sha256 of the bytes (returned, sent as the object's
 * x-amz-checksum-sha256 so S3 verifies it, and kept in the object's metadata). With `writeOnce` (the archive),
 * an existing key is never overwritten: the application refuses it (HeadObject, then a conditional
 * `If-None-Match: *` PUT, which S3 enforces atomically), and in AWS Object Lock protects it as well.
 * `downloadUrl` is the client-free presigner's (s3-presign.ts), configured from the environment as the process's
 * S3 client is, unless the caller passes one.
 */
import { createHash } from 'node:crypto';
import {
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { ArchiveImmutableError, DocumentNotFoundError } from '#domain/errors.ts';
import type { DocumentStore, StoredObject } from '#domain/ports.ts';
import { ENV } from '#functions/manifest.ts';
import { lazy, requireEnv } from './env.ts';
import { attachmentDisposition } from './filenames.ts';
import { MAX_URL_SECONDS, type Presigner, presignerFromEnv } from './s3-presign.ts';

export { attachmentDisposition, MAX_URL_SECONDS };

function status(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}

export function createDocumentStore(
  s3: S3Client,
  bucket: string,
  opts: { writeOnce?: boolean; links?: Presigner } = {},
): DocumentStore {
  const given = opts.links;
  const links = given ? () => given : lazy(() => presignerFromEnv(bucket));
  return {
    async put(key, body, contentType): Promise<StoredObject> {
      const digest = createHash('sha256').update(body).digest();
      const sha256 = digest.toString('hex');
      if (opts.writeOnce) {
        try {
          await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
          throw new ArchiveImmutableError(key);
        } catch (err) {
          // 404: free to write. 403: a role without s3:ListBucket cannot tell a missing key from a hidden one;
          // the conditional PUT below still refuses an existing key
          if (!(err instanceof NotFound) && status(err) !== 404 && status(err) !== 403) throw err;
        }
      }
      try {
        const out = await s3.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: body,
            ContentType: contentType,
            ContentLength: body.byteLength,
            ChecksumSHA256: digest.toString('base64'),
            Metadata: { sha256 },
            IfNoneMatch: opts.writeOnce ? '*' : undefined,
          }),
        );
        return { key, sha256, size: body.byteLength, versionId: out.VersionId };
      } catch (err) {
        // 412: another writer created the key between our check and our write
        if (opts.writeOnce && status(err) === 412) throw new ArchiveImmutableError(key);
        throw err;
      }
    },

    async get(key) {
      try {
        const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        if (!out.Body) throw new DocumentNotFoundError();
        return await out.Body.transformToByteArray();
      } catch (err) {
        if (err instanceof NoSuchKey || status(err) === 404) throw new DocumentNotFoundError();
        throw err;
      }
    },

    downloadUrl(key, { filename, expiresSeconds }) {
      return links().getUrl(key, { filename, expiresSeconds });
    },
  };
}

/**
 * One S3 client for the process. `AWS_S3_FORCE_PATH_STYLE=true` (set for the local S3 emulator, unset in AWS)
 * asks for path-style bucket addressing; it is configuration, not a branch.
 */
export const s3Client = lazy(
  () => new S3Client({ forcePathStyle: process.env.AWS_S3_FORCE_PATH_STYLE === 'true' }),
);

/** The documents bucket (DOCUMENTS_BUCKET): drafts, overwritable by key. */
export const documentStore = lazy(() => createDocumentStore(s3Client(), requireEnv(ENV.documentsBucket)));

/** The archive bucket (ARCHIVE_BUCKET): write-once. */
export const archiveStore = lazy(() =>
  createDocumentStore(s3Client(), requireEnv(ENV.archiveBucket), { writeOnce: true }),
);
