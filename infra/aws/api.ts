import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as authorizers from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { DEFAULT_ROUTE, type FunctionName, type Route } from '#functions/manifest.ts';
import { acknowledge } from './nag.ts';

/** The site's own host name, and the ACM certificate for it (one is requested, DNS-validated, if none is given). */
export interface ApiDomain {
  domainName: string;
  certificateArn?: string;
}

export interface ApiProps {
  logRetention: logs.RetentionDays;
  /** serve the API (and so every link) at this host instead of the execute-api address */
  domain?: ApiDomain;
  /** steady-state requests per second across the API, and the burst above it */
  throttle?: { rateLimit: number; burstLimit: number };
}

/**
 * Access log line: one JSON object per request. The route key (`GET /approve/{token}`) is logged, never the
 * path itself, which carries approval and revision link tokens.
 */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  time: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
});

/**
 * Why a public route needs no authorizer, per function. A public route to a function not listed here fails the
 * synth: making a route public takes a stated reason.
 */
const PUBLIC_ROUTE_REASONS: Partial<Record<FunctionName, string>> = {
  healthz: 'Readiness probe for monitoring: answers {"ok": true} and exposes no data.',
  static:
    'Static assets of the web pages (styles, scripts, images), the same for every visitor: the sign-in redirect ' +
    'and the approval pages need them before any session exists. It also answers the $default route (an address ' +
    'no route matches) with the styled 404 page, which reads no data.',
  auth:
    "The sign-in flow itself cannot require a session: /auth/sign-in redirects to Cognito's managed login, " +
    '/auth/callback exchanges an authorization code that Cognito issued for the registered callback URL, ' +
    '/auth/renew renews an expired session from the HttpOnly refresh cookie (SameSite=Strict, same-origin posts ' +
    'only), and /auth/sign-out ends the session.',
  listAgencies: 'Directory of the configured agencies used by the request form; no visit data.',
  approvalLink:
    'Approvers have no account: the approval link token (random id + HMAC, bound to one approval and approver, ' +
    'expiring, single use) is the credential, verified by the handler (404 forged, 410 expired, 409 replayed).',
  reviseVisit:
    'The requester reaches it through the revision link in an email: its token (random id + HMAC, bound to one ' +
    'request, expiring, single use) is the credential, verified by the handler.',
  actionLink:
    "An action item's owner may have no account: the link token in their mail (random id + HMAC, bound to one " +
    'item and its owner) is the credential, verified by the handler (404 forged or unknown, 409 already done); a ' +
    'GET only shows the item, and a POST marks it done once.',
};

/**
 * Owns the HTTP API: its `$default` stage (throttled, JSON access logs to its own log group), one Lambda
 * integration per function, and the routes of the manifest. Signed-in routes share one Lambda REQUEST authorizer
 * that is always invoked (no identity source, no result cache), so an anonymous browser reaches the handler and
 * is redirected to sign in instead of getting API Gateway's bare 401; public routes (the health check and the
 * link routes, whose token is the credential) have no authorizer.
 */
export class Api extends Construct {
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly logGroup: logs.LogGroup;
  /** the base URL, without a trailing slash: https://<domain> when the stage has one */
  readonly url: string;
  /** the custom domain, when the stage has one: its DNS record points at `regionalDomainName` */
  readonly domainName?: apigw.DomainName;
  private authorizer: authorizers.HttpLambdaAuthorizer | undefined;
  private readonly integrations = new Map<FunctionName, integrations.HttpLambdaIntegration>();

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: 'Exchange visits: web pages, JSON API and approval links',
      createDefaultStage: false,
      // with a domain of its own, the execute-api address answers nothing: one origin for cookies and links
      disableExecuteApiEndpoint: props.domain !== undefined,
    });
    if (props.domain) {
      const { domainName, certificateArn } = props.domain;
      const certificate = certificateArn
        ? acm.Certificate.fromCertificateArn(this, 'Certificate', certificateArn)
        : new acm.Certificate(this, 'Certificate', {
            domainName,
            // the deploy waits until the CNAME that ACM asks for is in the domain's DNS
            validation: acm.CertificateValidation.fromDns(),
          });
      this.domainName = new apigw.DomainName(this, 'DomainName', {
        domainName,
        certificate,
        securityPolicy: apigw.SecurityPolicy.TLS_1_2,
      });
    }
    this.logGroup = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const throttle = props.throttle ?? { rateLimit: 50, burstLimit: 100 };
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle,
      ...(this.domainName ? { domainMapping: { domainName: this.domainName } } : {}),
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.logGroup),
        format: AccessLogFormat.custom(ACCESS_LOG_FORMAT),
      },
    });
    this.url = props.domain ? `https://${props.domain.domainName}` : this.httpApi.apiEndpoint;
  }

  /**
   * Adds the routes, each integrated with its function; 'user' routes go through `authorizerFn` first. The
   * `$default` route (any address no route matches) goes to DEFAULT_ROUTE's function, without an authorizer, so an
   * unknown address answers the styled 404 rather than API Gateway's bare JSON.
   */
  addRoutes(
    routes: readonly Route[],
    fns: Record<FunctionName, lambda.IFunction>,
    authorizerFn: lambda.IFunction,
  ): apigw.HttpRoute[] {
    this.authorizer ??= new authorizers.HttpLambdaAuthorizer('SessionAuthorizer', authorizerFn, {
      responseTypes: [authorizers.HttpLambdaResponseType.SIMPLE],
      identitySource: [],
      resultsCacheTtl: Duration.seconds(0),
    });
    const added = routes.flatMap((route) => {
      const added = this.httpApi.addRoutes({
        path: route.path,
        methods: [apigw.HttpMethod[route.method]],
        integration: this.integrationFor(route.fn, fns[route.fn]),
        ...(route.auth === 'user' ? { authorizer: this.authorizer } : {}),
      });
      if (route.auth === 'public') {
        const reason = PUBLIC_ROUTE_REASONS[route.fn];
        if (!reason) throw new Error(`public route ${route.method} ${route.path} has no stated reason`);
        for (const r of added) acknowledge(r, 'AwsSolutions-APIG4', reason);
      }
      return added;
    });
    const unmatched = new apigw.HttpRoute(this, 'DefaultRoute', {
      httpApi: this.httpApi,
      routeKey: apigw.HttpRouteKey.DEFAULT,
      integration: this.integrationFor(DEFAULT_ROUTE.fn, fns[DEFAULT_ROUTE.fn]),
    });
    acknowledge(unmatched, 'AwsSolutions-APIG4', PUBLIC_ROUTE_REASONS[DEFAULT_ROUTE.fn] ?? '');
    return [...added, unmatched];
  }

  private integrationFor(name: FunctionName, fn: lambda.IFunction): integrations.HttpLambdaIntegration {
    let integration = this.integrations.get(name);
    if (!integration) {
      integration = new integrations.HttpLambdaIntegration(`${name}Integration`, fn, {
        payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
      });
      this.integrations.set(name, integration);
    }
    return integration;
  }
}
