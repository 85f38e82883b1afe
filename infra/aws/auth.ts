import { Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ROLES } from '#domain/directory/users.ts';
import { invitationMessage } from '#templates/words/invitation.ts';
import { acknowledge } from './nag.ts';

export interface AuthProps {
  /** the public base URL of the API, without a trailing slash: the hosted sign-in returns to it */
  publicUrl: string;
  production: boolean;
  /** globally unique prefix of the hosted sign-in domain */
  domainPrefix?: string;
}

/**
 * Owns sign-in for staff and auditors: the Cognito user pool (administrator-created users only, strong passwords,
 * optional TOTP MFA, threat protection), a group per role, the `agencyId` attribute, the hosted sign-in domain
 * and the web app client (authorization-code grant returning to `/auth/callback`).
 */
export class Auth extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;
  /** where the functions fetch the pool's signing keys, and the issuer they expect in a token */
  readonly jwksUri: string;
  readonly issuer: string;

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: false, mutable: true },
      },
      customAttributes: { agencyId: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: true }) },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      // the user-admin function creates users (the directory first); the pool mails their invitation
      userInvitation: {
        emailSubject: invitationMessage(props.publicUrl).subject,
        emailBody: invitationMessage(props.publicUrl).body,
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: props.production,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    acknowledge(
      this.userPool,
      'AwsSolutions-COG2',
      'MFA is optional (TOTP) by design: staff and auditors enrol an authenticator themselves, and the Plus feature ' +
        "plan's threat protection (ENFORCED) asks risky sign-ins for more verification or blocks them.",
    );

    // the groups mirror the directory's roles for the console's sake: the directory decides, never a group
    for (const role of ROLES) {
      new cognito.UserPoolGroup(this, `Group-${role}`, {
        userPool: this.userPool,
        groupName: role,
        description: `Users holding the ${role} role`,
      });
    }

    const stack = Stack.of(this);
    this.domain = this.userPool.addDomain('Domain', {
      cognitoDomain: {
        domainPrefix:
          props.domainPrefix ??
          Fn.join('-', [stack.stackName.toLowerCase().replace(/[^a-z0-9-]/g, '-'), stack.account]),
      },
    });

    this.client = this.userPool.addClient('WebClient', {
      generateSecret: false,
      preventUserExistenceErrors: true,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [`${props.publicUrl}/auth/callback`],
        logoutUrls: [`${props.publicUrl}/`],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      enableTokenRevocation: true,
    });

    this.issuer = `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${this.userPool.userPoolId}`;
    this.jwksUri = `${this.issuer}/.well-known/jwks.json`;
  }
}
