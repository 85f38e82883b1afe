import { Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ROLES } from '#domain/directory/users.ts';
import { APP_NAME } from '#templates/pages/layout.ts';
import {
  invitationMail,
  type PoolMail,
  TEMPORARY_PASSWORD_DAYS,
  verificationMail,
} from '#templates/sign-in-mail.ts';
import { acknowledge } from './nag.ts';

/** A pool mail as the user pool's message settings take it. */
function poolMail(mail: PoolMail): { emailSubject: string; emailBody: string } {
  return { emailSubject: mail.subject, emailBody: mail.body };
}

/** A passkey sign-in with user verification satisfies the pool's MFA (passkey MFA). */
const PASSKEY_COUNTS_AS_MFA = 'MULTI_FACTOR_WITH_USER_VERIFICATION';

export interface AuthProps {
  /** the public base URL of the API, without a trailing slash: the hosted sign-in returns to it */
  publicUrl: string;
  production: boolean;
  /** globally unique prefix of the hosted sign-in domain */
  domainPrefix?: string;
  /** the pool mails (invitations, codes) from this address, through SES, in the stage's region */
  senderEmail: string;
  /** the verified SES domain identity the sender belongs to */
  senderDomain: string;
  /** the configuration set the pool's mail goes through, as every other mail does */
  configurationSetName: string;
}

/**
 * Owns sign-in for staff and auditors: the Cognito user pool (Essentials plan; administrator-created users only,
 * strong passwords, MFA required of everyone: TOTP, or a passkey with user verification; its mail sent through SES
 * from the site's sender, in Vietnamese), a group per role, the `agencyId` attribute, the managed login domain
 * (version 2, with a branding style) and the web app client (authorization-code grant returning to
 * `/auth/callback`).
 */
export class Auth extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;
  readonly branding: cognito.CfnManagedLoginBranding;
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
        tempPasswordValidity: Duration.days(TEMPORARY_PASSWORD_DAYS),
      },
      // Pool-wide, so every user: a password sign-in asks for a TOTP code, and a passkey sign-in counts as both
      // factors only when the authenticator verified the user (PIN or biometrics). No SMS (cost, sandbox, phones).
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      signInPolicy: { allowedFirstAuthFactors: { password: true, passkey: true } },
      passkeyUserVerification: cognito.PasskeyUserVerification.REQUIRED,
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Essentials: managed login and passkeys, no per-user threat protection (MFA for all makes it add little)
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      // its own mail, in Vietnamese (then English), through SES from the site's sender; never Cognito's sender
      email: cognito.UserPoolEmail.withSES({
        fromEmail: props.senderEmail,
        fromName: APP_NAME.vi,
        sesVerifiedDomain: props.senderDomain,
        sesRegion: Stack.of(this).region,
        configurationSetName: props.configurationSetName,
      }),
      userInvitation: poolMail(invitationMail(props.publicUrl, TEMPORARY_PASSWORD_DAYS)),
      userVerification: {
        ...poolMail(verificationMail()),
        emailStyle: cognito.VerificationEmailStyle.CODE,
      },
      deletionProtection: props.production,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    (this.userPool.node.defaultChild as cognito.CfnUserPool).webAuthnFactorConfiguration =
      PASSKEY_COUNTS_AS_MFA;
    acknowledge(
      this.userPool,
      'AwsSolutions-COG8',
      'Essentials, not Plus: Plus adds threat protection (adaptive authentication, compromised-credential checks) at ' +
        'a higher price per monthly active user. With MFA required of every user (TOTP, or a passkey with user ' +
        'verification), administrator-created accounts only and a few hundred civil-servant users, those checks add ' +
        'little; Essentials is what managed login and passkeys need.',
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
      // managed login (version 2): the pages passkeys need, styled by the branding below
      managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
      cognitoDomain: {
        domainPrefix:
          props.domainPrefix ??
          Fn.join('-', [stack.stackName.toLowerCase().replace(/[^a-z0-9-]/g, '-'), stack.account]),
      },
    });

    this.client = this.userPool.addClient('WebClient', {
      generateSecret: false,
      preventUserExistenceErrors: true,
      // choice-based sign-in (password or passkey) on the managed login; nothing else
      authFlows: { user: true },
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

    // Managed login shows an app client's pages only once the client has a branding style: Cognito's own, which
    // the console's branding editor can restyle for the agency
    this.branding = new cognito.CfnManagedLoginBranding(this, 'Branding', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      useCognitoProvidedValues: true,
    });

    this.issuer = `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${this.userPool.userPoolId}`;
    this.jwksUri = `${this.issuer}/.well-known/jwks.json`;
  }
}
