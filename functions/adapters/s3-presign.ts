/**
 * Short-lived S3 download URLs without the S3 client: the same URL the SDK's presigner makes for
 * `getSignedUrl(new S3Client(config), new GetObjectCommand({ Bucket, Key, ResponseContentDisposition }))`,
 * signed with `@smithy/signature-v4` directly. The HTTP functions that only hand out links load this instead of the
 * S3 client and its presigner (about 165 KB of bundle and 0.5× an empty Node's start time). Its test holds the
 * URLs equal to the SDK's, signature included, since the local S3 does not check signatures.
 *
 * What the SDK signs for GetObject, and this mirrors: `GET /<key>` on the bucket's host (or `/<bucket>/<key>` in
 * path style), each path segment RFC 3986-encoded by the SDK's own function; the query `response-content-disposition`
 * (raw: the signer encodes query values) and `x-id=GetObject`; the `host` header signed;
 * `X-Amz-Content-Sha256=UNSIGNED-PAYLOAD` hoisted from headers into the query, and with it what the SDK's flexible
 * checksums add: `x-amz-checksum-mode=ENABLED` under response checksum validation
 * WHEN_SUPPORTED (its default, so in AWS), else, under request checksum calculation WHEN_SUPPORTED, the CRC32 of the
 * empty body (`x-amz-checksum-crc32=AAAAAA==`); nothing when both are WHEN_REQUIRED (the local runtime).
 */
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { buildQueryString, extendedEncodeURIComponent, HttpRequest } from '@smithy/core/protocols';
import { Hash } from '@smithy/core/serde';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { ENV } from '#functions/manifest.ts';
import { lazy, requireEnv } from './env.ts';
import { attachmentDisposition } from './filenames.ts';

/** The longest a download URL lives. */
export const MAX_URL_SECONDS = 300;

/** The SDK's settings of its flexible checksums (requestChecksumCalculation, responseChecksumValidation). */
export type ChecksumSetting = 'WHEN_SUPPORTED' | 'WHEN_REQUIRED';

export interface PresignerConfig {
  bucket: string;
  region: string;
  /** a custom endpoint (the local S3 emulator), e.g. `http://127.0.0.1:4569`; else the bucket's AWS endpoint */
  endpoint?: string | undefined;
  /** `https://<endpoint>/<bucket>/<key>` rather than `https://<bucket>.<endpoint>/<key>` */
  forcePathStyle?: boolean | undefined;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** as the SDK's option of that name: its default, WHEN_SUPPORTED, asks S3 for the object's checksum */
  responseChecksumValidation?: ChecksumSetting | undefined;
  /** as the SDK's option of that name (default WHEN_SUPPORTED) */
  requestChecksumCalculation?: ChecksumSetting | undefined;
}

export interface LinkOptions {
  /** the name the browser saves the file under (Content-Disposition: attachment) */
  filename: string;
  /** at most MAX_URL_SECONDS, which is also the default */
  expiresSeconds?: number | undefined;
  /** the signing time (tests); now by default */
  signingDate?: Date | undefined;
}

export interface Presigner {
  /** A GET URL for the object at `key` that downloads it as `filename`. */
  getUrl(key: string, opts: LinkOptions): Promise<string>;
}

/** The seconds a link lives: whole, at least 1, at most MAX_URL_SECONDS. */
export function linkSeconds(expiresSeconds: number | undefined): number {
  return Math.max(1, Math.min(Math.floor(expiresSeconds ?? MAX_URL_SECONDS), MAX_URL_SECONDS));
}

/** The SDK's test for a bucket that can be a host name label (aws.isVirtualHostableS3Bucket without dots). */
function virtualHostable(bucket: string): boolean {
  return /^(?!.*-$)(?!-)[a-z0-9-]{3,63}$/.test(bucket);
}

/** The AWS partitions whose S3 endpoints this knows: aws (amazonaws.com) and aws-cn (amazonaws.com.cn). */
function awsDnsSuffix(region: string): string {
  if (/^cn-[a-z]+-\d+$/.test(region)) return 'amazonaws.com.cn';
  if (/^(?:af|ap|ca|eu|il|me|mx|sa|us)-[a-z]+-\d+$/.test(region)) return 'amazonaws.com';
  throw new Error(`no S3 endpoint is known here for the region ${region}; set an endpoint`);
}

interface Target {
  protocol: string;
  hostname: string;
  port: number | undefined;
  /** the path before the key, ending in `/` */
  prefix: string;
}

function target(config: PresignerConfig): Target {
  const { bucket, region } = config;
  const pathStyle = config.forcePathStyle === true || !virtualHostable(bucket);
  if (config.endpoint === undefined) {
    const host = `s3.${region}.${awsDnsSuffix(region)}`;
    return pathStyle
      ? {
          protocol: 'https:',
          hostname: host,
          port: undefined,
          prefix: `/${extendedEncodeURIComponent(bucket)}/`,
        }
      : { protocol: 'https:', hostname: `${bucket}.${host}`, port: undefined, prefix: '/' };
  }
  const url = new URL(config.endpoint);
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password)
    throw new Error(`the S3 endpoint ${config.endpoint} must be a bare origin`);
  // the SDK may put a dotted bucket name in the host of a custom endpoint (over http); not proven here
  if (config.forcePathStyle !== true && bucket.includes('.'))
    throw new Error(`the bucket ${bucket} has dots: with a custom endpoint, set forcePathStyle`);
  const port = url.port === '' ? undefined : Number(url.port);
  const ip = /^\d{1,3}(?:\.\d{1,3}){3}$/.test(url.hostname) || url.hostname.startsWith('[');
  return pathStyle || ip
    ? {
        protocol: url.protocol,
        hostname: url.hostname,
        port,
        prefix: `/${extendedEncodeURIComponent(bucket)}/`,
      }
    : { protocol: url.protocol, hostname: `${bucket}.${url.hostname}`, port, prefix: '/' };
}

/** `SHA-256` on node:crypto, in the shape the signer wants (a hash, or an HMAC given a secret). */
const Sha256 = Hash.bind(null, 'sha256');

export function createPresigner(config: PresignerConfig): Presigner {
  const where = target(config);
  const host = where.port === undefined ? where.hostname : `${where.hostname}:${where.port}`;
  // the SDK's flexible checksums on GetObject: the response middleware asks for the object's checksum; the request
  // middleware then sees an x-amz-checksum- header and adds nothing, else it adds the CRC32 of the empty body
  const checksumHeaders: Record<string, string> =
    (config.responseChecksumValidation ?? 'WHEN_SUPPORTED') === 'WHEN_SUPPORTED'
      ? { 'x-amz-checksum-mode': 'ENABLED' }
      : (config.requestChecksumCalculation ?? 'WHEN_SUPPORTED') === 'WHEN_SUPPORTED'
        ? { 'x-amz-checksum-crc32': 'AAAAAA==' }
        : {};
  const signer = new SignatureV4({
    service: 's3',
    region: config.region,
    credentials: config.credentials,
    sha256: Sha256,
    uriEscapePath: false,
    applyChecksum: false,
  });
  return {
    async getUrl(key, { filename, expiresSeconds, signingDate }) {
      const request = new HttpRequest({
        method: 'GET',
        protocol: where.protocol,
        hostname: where.hostname,
        ...(where.port === undefined ? {} : { port: where.port }),
        path: `${where.prefix}${key.split('/').map(extendedEncodeURIComponent).join('/')}`,
        query: { 'response-content-disposition': attachmentDisposition(filename), 'x-id': 'GetObject' },
        headers: {
          host,
          'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD',
          ...checksumHeaders,
        },
      });
      const signed = await signer.presign(request, {
        expiresIn: linkSeconds(expiresSeconds),
        unsignableHeaders: new Set(['content-type']),
        ...(signingDate ? { signingDate } : {}),
      });
      const port = signed.port === undefined ? '' : `:${signed.port}`;
      return `${signed.protocol}//${signed.hostname}${port}${signed.path}?${buildQueryString(signed.query ?? {})}`;
    },
  };
}

/** A checksum setting as the SDK reads it from its variable: any case, WHEN_SUPPORTED by default. */
function checksumSettingFromEnv(name: string): ChecksumSetting {
  const value = (process.env[name] ?? 'WHEN_SUPPORTED').toUpperCase();
  if (value !== 'WHEN_SUPPORTED' && value !== 'WHEN_REQUIRED')
    throw new Error(`${name} must be WHEN_SUPPORTED or WHEN_REQUIRED, not ${value}`);
  return value;
}

/**
 * A presigner for `bucket` configured as the process's S3 client is: the region from AWS_REGION, the SDK's
 * endpoint variables (AWS_ENDPOINT_URL_S3, else AWS_ENDPOINT_URL, unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS), path
 * style when AWS_S3_FORCE_PATH_STYLE=true (the local S3 emulator), the SDK's checksum variables, and the SDK's default
 * credential provider (in a function's bundle, the environment-only one: infra/bundling.ts). The SDK would also read
 * endpoint and checksum settings from ~/.aws/config; a function has none, and the local runtime sets variables.
 */
export function presignerFromEnv(bucket: string): Presigner {
  const env = process.env;
  const endpoint =
    env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true'
      ? undefined
      : env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined;
  return createPresigner({
    bucket,
    region: requireEnv('AWS_REGION'),
    endpoint,
    forcePathStyle: env.AWS_S3_FORCE_PATH_STYLE === 'true',
    credentials: defaultProvider(),
    responseChecksumValidation: checksumSettingFromEnv('AWS_RESPONSE_CHECKSUM_VALIDATION'),
    requestChecksumCalculation: checksumSettingFromEnv('AWS_REQUEST_CHECKSUM_CALCULATION'),
  });
}

/** Download links to the documents bucket (DOCUMENTS_BUCKET). */
export const documentLinks = lazy(() => presignerFromEnv(requireEnv(ENV.documentsBucket)));
