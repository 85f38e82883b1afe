/**
 * `npm run directory:seed -- --table <TableName> --pool <UserPoolId> --admin <email> --name "<name>" --agency <id>`:
 * starts a deployed stack's directory with the operator's own AWS credentials — the seed agencies with their
 * history (where the directory has none yet) and a first directory-admin, created in the directory and in the user
 * pool (invited by the pool's mail), through the same directory module and user-pool adapter the functions use.
 * `--seed-users` also adds the seed's fictional users (a demonstration stage only). Every step is idempotent: run
 * it again to complete one that stopped.
 */
import { parseArgs } from 'node:util';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createUserPool } from '#adapters/cognito-user-pool.ts';
import { createDirectory } from '#adapters/dynamodb-directory.ts';
import { seedAgencies, seedDirectory } from '#domain/directory/seed.ts';
import { addUser } from '#domain/directory/user-admin.ts';
import type { Identity } from '#domain/directory/users.ts';

const { values } = parseArgs({
  options: {
    table: { type: 'string' },
    pool: { type: 'string' },
    admin: { type: 'string' },
    name: { type: 'string' },
    agency: { type: 'string' },
    'seed-users': { type: 'boolean', default: false },
  },
});

function need(name: keyof typeof values): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') {
    console.error(`--${name} is required (see the comment at the top of infra/aws/seed-directory.ts)`);
    process.exit(2);
  }
  return value;
}

const dynamo = new DynamoDBClient({});
const cognito = new CognitoIdentityProviderClient({});
const directory = createDirectory(
  DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } }),
  need('table'),
);
const userPool = createUserPool(cognito, need('pool'));
const clock = { now: () => new Date() };

try {
  if (values['seed-users']) {
    const added = await seedDirectory({ directory, userPool, clock });
    console.log(`seed: ${added.agencies} agencies and ${added.users} users added`);
  } else {
    console.log(`seed: ${await seedAgencies(directory)} agencies added`);
  }
  // the first directory-admin, as a directory-admin would add them (the operator stands in for one)
  const operator: Identity = {
    email: 'operator',
    name: 'operator',
    roles: ['directory-admin'],
    agencyId: '',
  };
  const admin = await addUser({ directory, userPool, clock }, operator, {
    email: need('admin'),
    name: need('name'),
    roles: ['staff', 'admin', 'directory-admin'],
    agencyId: need('agency'),
  });
  console.log(`directory-admin: ${admin.email} (${admin.agencyId}), invited by the user pool's mail`);
} finally {
  dynamo.destroy();
  cognito.destroy();
}
