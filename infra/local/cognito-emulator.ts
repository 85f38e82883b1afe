/**
 * The local Cognito user pool: cognito-local (the Cognito Identity Provider API over HTTP, on disk under
 * `<dataDir>/cognito`, written so that a kill never leaves half a file: cognito-store.ts), so the user-admin
 * function runs unchanged against it through the SDK's standard endpoint variable
 * (AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER). Two things are the runtime's own, as its other stand-ins:
 * - AdminUserGlobalSignOut, which the emulator lacks, is answered here for an existing user (local sessions are
 *   the runtime's own tokens, and the directory's disabled flag already ends them on the next request);
 * - the mail the pool sends (invitations) is kept in memory, not printed: `invitations` lists it.
 * `ensurePool` makes the runtime's pool (email as user name, the agencyId attribute, a group per role) once.
 */
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  AdminGetUserCommand,
  type CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { ROLES } from '#domain/directory/users.ts';
import { killSafeDataStores } from '#infra/local/cognito-store.ts';
import { closeServer, listen } from '#infra/local/http.ts';
import { invitationMail } from '#templates/sign-in-mail.ts';

const require = createRequire(import.meta.url);

/** A mail the pool sent, as it would have gone out. */
export interface PoolMail {
  to: string;
  username: string;
  subject?: string;
  message?: string;
}

export interface CognitoEmulator {
  endpoint: string;
  /** the pool's mail, oldest first */
  invitations: PoolMail[];
  stop(): Promise<void>;
}

/** The name of the runtime's pool. */
export const LOCAL_POOL_NAME = 'exchange-visits';

interface Logger {
  child(): Logger;
}

export async function startCognitoEmulator(opts: {
  dataDir: string;
  port?: number;
}): Promise<CognitoEmulator> {
  const dataDirectory = join(opts.dataDir, 'cognito');
  mkdirSync(dataDirectory, { recursive: true });
  // cognito-local loads the v2 SDK (for Lambda triggers, unused here), which prints a notice on load
  process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE ??= '1';
  const pino = require('pino') as (o: object) => Logger;
  const services = require('cognito-local/lib/services');
  const { CognitoServiceFactoryImpl } = require('cognito-local/lib/services/cognitoService');
  const { MessageDeliveryService } = require('cognito-local/lib/services/messageDelivery/messageDelivery');
  const { otp } = require('cognito-local/lib/services/otp');
  const { JwtTokenGenerator } = require('cognito-local/lib/services/tokenGenerator');
  const { UserPoolServiceFactoryImpl } = require('cognito-local/lib/services/userPoolService');
  const { CryptoService } = require('cognito-local/lib/services/crypto');
  const { DefaultConfig } = require('cognito-local/lib/server/config');
  const { Router } = require('cognito-local/lib/server/Router');
  const { createServer: createCognitoServer } = require('cognito-local/lib/server/server');

  const logger = pino({ level: 'silent' });
  const ctx = { logger };
  const clock = new services.DateClock();
  const factory = killSafeDataStores(dataDirectory);
  const cognito = await new CognitoServiceFactoryImpl(
    dataDirectory,
    factory,
    new UserPoolServiceFactoryImpl(clock, factory),
  ).create(ctx, DefaultConfig.UserPoolDefaults);
  const invitations: PoolMail[] = [];
  const keep = {
    sendEmail(
      _ctx: unknown,
      user: { Username: string },
      to: string,
      m: { emailSubject?: string; emailMessage?: string },
    ) {
      invitations.push({ to, username: user.Username, subject: m.emailSubject, message: m.emailMessage });
      return Promise.resolve();
    },
    sendSms: () => Promise.resolve(),
  };
  // no Lambda triggers are configured, so the trigger service never calls Lambda
  const triggers = new services.TriggersService(
    clock,
    cognito,
    { enabled: () => false },
    new CryptoService({}),
  );
  const app = createCognitoServer(
    Router({
      clock,
      cognito,
      config: DefaultConfig,
      messages: new services.MessagesService(triggers, new MessageDeliveryService(keep)),
      otp,
      tokenGenerator: new JwtTokenGenerator(clock, triggers, DefaultConfig.TokenConfig),
      triggers,
    }),
    logger,
    {},
  ).application as (req: IncomingMessage, res: import('node:http').ServerResponse) => void;

  const server: Server = createServer((req, res) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    if (!target.endsWith('.AdminUserGlobalSignOut')) return app(req, res);
    signOut(req, cognito, ctx).then(
      (found) => {
        res.writeHead(found ? 200 : 400, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(
          JSON.stringify(found ? {} : { __type: 'UserNotFoundException', message: 'User does not exist.' }),
        );
      },
      () => {
        res.writeHead(500);
        res.end();
      },
    );
  });
  const { port } = await listen(server, opts.port ?? 0, '127.0.0.1');
  return {
    endpoint: `http://127.0.0.1:${port}`,
    invitations,
    stop: () => closeServer(server, (cb) => server.close(cb)),
  };
}

/** Whether the user of an AdminUserGlobalSignOut exists (the emulator keeps no sessions to end). */
async function signOut(
  req: IncomingMessage,
  cognito: {
    getUserPool(
      ctx: unknown,
      id: string,
    ): Promise<{ getUserByUsername(ctx: unknown, u: string): Promise<unknown> }>;
  },
  ctx: unknown,
): Promise<boolean> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as {
    UserPoolId?: string;
    Username?: string;
  };
  if (!body.UserPoolId || !body.Username) return false;
  const pool = await cognito.getUserPool(ctx, body.UserPoolId);
  return Boolean(await pool.getUserByUsername(ctx, body.Username));
}

/** The runtime's pool, made once: email as the user name, the agencyId attribute, a group per role. */
export async function ensurePool(client: CognitoIdentityProviderClient, siteUrl: string): Promise<string> {
  const { UserPools = [] } = await client.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  let id = UserPools.find((p) => p.Name === LOCAL_POOL_NAME)?.Id;
  if (!id) {
    const invitation = invitationMail(siteUrl);
    const created = await client.send(
      new CreateUserPoolCommand({
        PoolName: LOCAL_POOL_NAME,
        UsernameAttributes: ['email'],
        Schema: [{ Name: 'agencyId', AttributeDataType: 'String', Mutable: true }],
        AdminCreateUserConfig: {
          AllowAdminCreateUserOnly: true,
          InviteMessageTemplate: { EmailSubject: invitation.subject, EmailMessage: invitation.body },
        },
      }),
    );
    id = created.UserPool?.Id;
    if (!id) throw new Error('the Cognito emulator made no pool');
  }
  for (const role of ROLES) {
    try {
      await client.send(new CreateGroupCommand({ UserPoolId: id, GroupName: role }));
    } catch (err) {
      if ((err as { name?: string }).name !== 'GroupExistsException') throw err;
    }
  }
  return id;
}

/** Whether the pool has the user (for tests). */
export async function poolHasUser(client: CognitoIdentityProviderClient, poolId: string, email: string) {
  try {
    return await client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: email }));
  } catch (err) {
    if ((err as { name?: string }).name === 'UserNotFoundException') return undefined;
    throw err;
  }
}
