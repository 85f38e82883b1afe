/**
 * The presigner without an S3 client makes the URL the SDK makes. The local S3 does not check signatures, so the
 * proof is equality: for each configuration, key, file name and expiry, with fixed credentials and signing time,
 * our URL has the SDK's `getSignedUrl(new S3Client(config), new GetObjectCommand(…))` scheme, host, path and query
 * parameters with the same values, X-Amz-Signature included (and is the same string). Then: the URL fetches the
 * object from the local S3.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { attachmentDisposition } from '#adapters/filenames.ts';
import { createDocumentStore } from '#adapters/s3-document-store.ts';
import {
  createPresigner,
  documentLinks,
  MAX_URL_SECONDS,
  type PresignerConfig,
  presignerFromEnv,
} from '#adapters/s3-presign.ts';
import { useEmulators } from '../support/emulators.ts';

const CREDENTIALS = {
  accessKeyId: 'ASIAQEXAMPLE7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY',
  sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE//////////wEaDmFwLXNvdXRoZWFzdC0x+TOKEN/with=padding==',
};
const SIGNING_DATE = new Date('2030-08-24T02:03:04.567Z');

const KEYS = [
  'visits/0b7c4a52-6f0e-4c1e-9d1c-3f2a1b0c9d8e/agenda-v1.docx',
  'visits/Biên bản Đà Nẵng/Chương trình làm việc.docx',
  'visits/Bie\u0302n ba\u0309n (NFD)/phu\u031b\u0323 lu\u0323c.docx',
  'a b/c+d=e&f?g#h%i/j+k.docx',
  'odd/!\'()*~@$,;:[]{}|^`\\<>"/x.docx',
  'double//slash/and/trailing/',
  'emoji/📄 tài liệu.docx',
];
const FILENAMES = [
  'ChuongTrinh-05-CTr-BTGTU-v1.docx',
  'Biên bản "Đà Nẵng" 100% (bản 2).docx',
  "a+b&c=d;e'f,g*h!i.docx",
  'emoji 📄 ngày 24/8.docx',
];
const EXPIRIES = [1, 60, 299, 300];

interface Case {
  name: string;
  config: Omit<PresignerConfig, 'credentials'> & { credentials?: PresignerConfig['credentials'] };
  /** what the URLs must look like, besides being equal */
  origin: string;
  prefix: string;
}

const BUCKET = 'exchange-visits-documents-1a2b3c4d5e6f';
const CASES: Case[] = [
  {
    name: 'AWS, virtual-hosted, checksum validation WHEN_SUPPORTED (the SDK default)',
    config: { bucket: BUCKET, region: 'ap-southeast-1' },
    origin: `https://${BUCKET}.s3.ap-southeast-1.amazonaws.com`,
    prefix: '/',
  },
  {
    name: 'AWS, virtual-hosted, response checksums WHEN_REQUIRED (the request middleware adds an empty CRC32)',
    config: { bucket: BUCKET, region: 'ap-southeast-1', responseChecksumValidation: 'WHEN_REQUIRED' },
    origin: `https://${BUCKET}.s3.ap-southeast-1.amazonaws.com`,
    prefix: '/',
  },
  {
    name: 'AWS, virtual-hosted, request checksums WHEN_REQUIRED',
    config: { bucket: BUCKET, region: 'ap-southeast-1', requestChecksumCalculation: 'WHEN_REQUIRED' },
    origin: `https://${BUCKET}.s3.ap-southeast-1.amazonaws.com`,
    prefix: '/',
  },
  {
    name: 'AWS, virtual-hosted, both checksum settings WHEN_REQUIRED',
    config: {
      bucket: BUCKET,
      region: 'ap-southeast-1',
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    },
    origin: `https://${BUCKET}.s3.ap-southeast-1.amazonaws.com`,
    prefix: '/',
  },
  {
    name: 'AWS, virtual-hosted, us-east-1',
    config: { bucket: BUCKET, region: 'us-east-1' },
    origin: `https://${BUCKET}.s3.us-east-1.amazonaws.com`,
    prefix: '/',
  },
  {
    name: 'AWS China, virtual-hosted',
    config: { bucket: BUCKET, region: 'cn-north-1' },
    origin: `https://${BUCKET}.s3.cn-north-1.amazonaws.com.cn`,
    prefix: '/',
  },
  {
    name: 'AWS, virtual-hosted, credentials without a session token',
    config: {
      bucket: BUCKET,
      region: 'ap-southeast-1',
      credentials: { accessKeyId: CREDENTIALS.accessKeyId, secretAccessKey: CREDENTIALS.secretAccessKey },
    },
    origin: `https://${BUCKET}.s3.ap-southeast-1.amazonaws.com`,
    prefix: '/',
  },
  {
    name: 'AWS, path style forced',
    config: { bucket: BUCKET, region: 'ap-southeast-1', forcePathStyle: true },
    origin: 'https://s3.ap-southeast-1.amazonaws.com',
    prefix: `/${BUCKET}/`,
  },
  {
    name: 'AWS, a bucket name with dots (path style)',
    config: { bucket: 'documents.exchange-visits.example', region: 'ap-southeast-1' },
    origin: 'https://s3.ap-southeast-1.amazonaws.com',
    prefix: '/documents.exchange-visits.example/',
  },
  {
    name: 'local endpoint, path style, the checksum settings by default',
    config: {
      bucket: 'documents-1a2b3c4d',
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:4569',
      forcePathStyle: true,
    },
    origin: 'http://127.0.0.1:4569',
    prefix: '/documents-1a2b3c4d/',
  },
  {
    name: 'local endpoint, path style, both checksum settings WHEN_REQUIRED (as the local runtime sets them)',
    config: {
      bucket: 'documents-1a2b3c4d',
      region: 'ap-southeast-1',
      endpoint: 'http://127.0.0.1:4569',
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    },
    origin: 'http://127.0.0.1:4569',
    prefix: '/documents-1a2b3c4d/',
  },
  {
    name: 'an IP endpoint without forced path style (path style all the same)',
    config: { bucket: 'documents-1a2b3c4d', region: 'ap-southeast-1', endpoint: 'http://127.0.0.1:4569' },
    origin: 'http://127.0.0.1:4569',
    prefix: '/documents-1a2b3c4d/',
  },
  {
    name: 'a named endpoint, virtual-hosted',
    config: {
      bucket: 'documents-1a2b3c4d',
      region: 'ap-southeast-1',
      endpoint: 'https://storage.example.test',
    },
    origin: 'https://documents-1a2b3c4d.storage.example.test',
    prefix: '/',
  },
  {
    name: 'AWS, a bucket name that is no host name (path style)',
    config: { bucket: 'Documents-Legacy', region: 'ap-southeast-1' },
    origin: 'https://s3.ap-southeast-1.amazonaws.com',
    prefix: '/Documents-Legacy/',
  },
  {
    name: 'a named endpoint and a bucket name with dots, path style',
    config: {
      bucket: 'documents.local',
      region: 'ap-southeast-1',
      endpoint: 'http://localhost:4569',
      forcePathStyle: true,
    },
    origin: 'http://localhost:4569',
    prefix: '/documents.local/',
  },
  {
    name: 'an IPv6 endpoint (path style)',
    config: { bucket: 'documents-1a2b3c4d', region: 'ap-southeast-1', endpoint: 'http://[::1]:4569' },
    origin: 'http://[::1]:4569',
    prefix: '/documents-1a2b3c4d/',
  },
  {
    name: 'a named endpoint with a port, path style',
    config: {
      bucket: 'documents-1a2b3c4d',
      region: 'ap-southeast-1',
      endpoint: 'http://localhost:4569',
      forcePathStyle: true,
    },
    origin: 'http://localhost:4569',
    prefix: '/documents-1a2b3c4d/',
  },
];

/** The SDK's URL for the same object, configuration, credentials and signing time. */
async function sdkUrl(
  s3: S3Client,
  bucket: string,
  key: string,
  filename: string,
  expiresIn: number,
  signingDate?: Date,
): Promise<string> {
  return getSignedUrl(
    s3,
    new GetObjectCommand({
      Bucket: bucket,
      Key: key,
      ResponseContentDisposition: attachmentDisposition(filename),
    }),
    { expiresIn, ...(signingDate ? { signingDate } : {}) },
  );
}

/** Scheme, host, raw path and the query as name → values (each name once), for a readable comparison. */
function parts(url: string) {
  const parsed = new URL(url);
  const rawPath = url.slice(parsed.origin.length).split('?')[0] ?? '';
  const query: Record<string, string[]> = {};
  for (const [name, value] of parsed.searchParams) query[name] = [...(query[name] ?? []), value];
  return { origin: parsed.origin, rawPath, query };
}

/** The environment variables the SDK's S3 client reads besides its config: none may leak into the comparison. */
const SDK_ENV = [
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_S3',
  'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
  'AWS_REQUEST_CHECKSUM_CALCULATION',
  'AWS_RESPONSE_CHECKSUM_VALIDATION',
  'AWS_S3_FORCE_PATH_STYLE',
  'AWS_S3_US_EAST_1_REGIONAL_ENDPOINT',
  'AWS_USE_DUALSTACK_ENDPOINT',
  'AWS_USE_FIPS_ENDPOINT',
  'AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS',
  'AWS_S3_USE_ARN_REGION',
];

const env = useEmulators();

describe('the presigner makes the SDK presigner’s URL', () => {
  beforeEach(() => {
    for (const name of SDK_ENV) vi.stubEnv(name, undefined);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.useRealTimers();
  });

  it.each(CASES)('$name', async ({ config, origin, prefix }) => {
    const credentials = config.credentials ?? CREDENTIALS;
    const ours = createPresigner({ ...config, credentials });
    const s3 = new S3Client({
      region: config.region,
      credentials,
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      ...(config.forcePathStyle !== undefined ? { forcePathStyle: config.forcePathStyle } : {}),
      ...(config.responseChecksumValidation
        ? { responseChecksumValidation: config.responseChecksumValidation }
        : {}),
      ...(config.requestChecksumCalculation
        ? { requestChecksumCalculation: config.requestChecksumCalculation }
        : {}),
    } satisfies S3ClientConfig);
    let compared = 0;
    try {
      for (const key of KEYS)
        for (const filename of FILENAMES)
          for (const expiresSeconds of EXPIRIES) {
            const mine = await ours.getUrl(key, { filename, expiresSeconds, signingDate: SIGNING_DATE });
            const theirs = await sdkUrl(s3, config.bucket, key, filename, expiresSeconds, SIGNING_DATE);
            const [a, b] = [parts(mine), parts(theirs)];

            expect(a).toEqual(b);
            expect(a.origin).toBe(origin);
            expect(a.rawPath.startsWith(prefix)).toBe(true);
            expect(a.query['X-Amz-Expires']).toEqual([String(expiresSeconds)]);
            expect(a.query['X-Amz-Signature']?.[0]).toMatch(/^[0-9a-f]{64}$/);
            expect(a.query['response-content-disposition']).toEqual([attachmentDisposition(filename)]);
            expect(a.query['x-id']).toEqual(['GetObject']);
            // the parameters come sorted in both, so the strings are the same too
            expect(mine).toBe(theirs);
            compared++;
          }
    } finally {
      s3.destroy();
    }
    expect(compared).toBe(KEYS.length * FILENAMES.length * EXPIRIES.length);
  });

  it('the checksum mode the SDK asks for by default is there, and the session token', async () => {
    const url = parts(
      await createPresigner({ bucket: BUCKET, region: 'ap-southeast-1', credentials: CREDENTIALS }).getUrl(
        'k',
        { filename: 'a.docx', signingDate: SIGNING_DATE },
      ),
    );

    expect(url.query['x-amz-checksum-mode']).toEqual(['ENABLED']);
    expect(url.query['X-Amz-Content-Sha256']).toEqual(['UNSIGNED-PAYLOAD']);
    expect(url.query['X-Amz-SignedHeaders']).toEqual(['host']);
    expect(url.query['X-Amz-Security-Token']).toEqual([CREDENTIALS.sessionToken]);
    expect(url.query['X-Amz-Credential']).toEqual([
      `${CREDENTIALS.accessKeyId}/20300824/ap-southeast-1/s3/aws4_request`,
    ]);
    expect(url.query['X-Amz-Date']).toEqual(['20300824T020304Z']);
  });

  it('signed at the clock’s time when no signing date is given: equal under a fake clock', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: SIGNING_DATE });
    const s3 = new S3Client({ region: 'ap-southeast-1', credentials: CREDENTIALS });
    const filename = 'Biên bản.docx';
    const mine = await createPresigner({
      bucket: BUCKET,
      region: 'ap-southeast-1',
      credentials: async () => CREDENTIALS,
    }).getUrl(KEYS[1] ?? '', { filename, expiresSeconds: 120 });
    const theirs = await sdkUrl(s3, BUCKET, KEYS[1] ?? '', filename, 120);
    s3.destroy();

    expect(parts(mine)).toEqual(parts(theirs));
    expect(parts(mine).query['X-Amz-Date']).toEqual(['20300824T020304Z']);
  });

  it('never longer than five minutes, at least one second', async () => {
    const ours = createPresigner({ bucket: BUCKET, region: 'ap-southeast-1', credentials: CREDENTIALS });
    const expires = async (expiresSeconds?: number) =>
      parts(await ours.getUrl('k', { filename: 'a.docx', expiresSeconds })).query['X-Amz-Expires'];

    expect(MAX_URL_SECONDS).toBe(300);
    expect(await expires(3600)).toEqual(['300']);
    expect(await expires(undefined)).toEqual(['300']);
    expect(await expires(0)).toEqual(['1']);
    expect(await expires(59.9)).toEqual(['59']);
  });

  // an endpoint with a path, a region with no endpoint known here, dots in a bucket name on a custom endpoint
  it('refuses the configurations it has not been proven on', () => {
    expect(() =>
      createPresigner({
        bucket: 'documents.local',
        region: 'ap-southeast-1',
        endpoint: 'http://localhost:4569',
        credentials: CREDENTIALS,
      }),
    ).toThrow(/dots/);
    expect(() =>
      createPresigner({ bucket: BUCKET, region: 'x', endpoint: 'http://h/base', credentials: CREDENTIALS }),
    ).toThrow(/bare origin/);
    expect(() =>
      createPresigner({ bucket: BUCKET, region: 'us-gov-west-1', credentials: CREDENTIALS }),
    ).toThrow(/no S3 endpoint/);
  });
});

describe('the presigner against the local S3', () => {
  const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  it('the configuration from the environment signs what the process’s S3 client would', async () => {
    const key = `visits/${randomUUID()}/Biên bản + phụ lục.docx`;
    const filename = 'Biên bản "Đà Nẵng".docx';

    const mine = await presignerFromEnv(env.documentsBucket).getUrl(key, {
      filename,
      signingDate: SIGNING_DATE,
    });
    const theirs = await sdkUrl(env.s3, env.documentsBucket, key, filename, 300, SIGNING_DATE);

    expect(parts(mine)).toEqual(parts(theirs));
    expect(mine).toBe(theirs);
  });

  it.each([
    `visits/${randomUUID()}/agenda-v1.docx`,
    `visits/${randomUUID()}/Chương trình làm việc (bản 2).docx`,
    `visits/${randomUUID()}/a b+c=d&e/f.docx`,
  ])('a link fetches the object with its Vietnamese file name: %s', async (key) => {
    const body = randomBytes(5000);
    await env.s3.send(
      new PutObjectCommand({ Bucket: env.documentsBucket, Key: key, Body: body, ContentType: DOCX }),
    );
    const filename = 'Chương trình làm việc 05-CTr-BTGTU.docx';

    const res = await fetch(await documentLinks().getUrl(key, { filename }));

    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(body)).toBe(true);
    expect(res.headers.get('content-disposition')).toBe(attachmentDisposition(filename));
  });

  it('the document store’s links are the presigner’s', async () => {
    const key = `visits/${randomUUID()}/minutes.docx`;
    await env.s3.send(new PutObjectCommand({ Bucket: env.documentsBucket, Key: key, Body: 'x' }));
    vi.useFakeTimers({ toFake: ['Date'], now: SIGNING_DATE });
    try {
      const store = await createDocumentStore(env.s3, env.documentsBucket).downloadUrl(key, {
        filename: 'a.docx',
        expiresSeconds: 60,
      });
      const links = await documentLinks().getUrl(key, { filename: 'a.docx', expiresSeconds: 60 });
      expect(store).toBe(links);
    } finally {
      vi.useRealTimers();
    }
  });
});
