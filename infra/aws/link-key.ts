import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ServiceFunction } from './service-function.ts';

/** The rotation function: its handler module, memory and timeout. */
export const ROTATION_FUNCTION = {
  entry: 'infra/aws/link-key-rotation.ts',
  memoryMb: 128,
  timeoutSeconds: 30,
};

export interface LinkKeyProps {
  logRetention: logs.RetentionDays;
  rotateEvery?: Duration;
}

/**
 * Owns the HMAC key set that signs approval and revision links: a Secrets Manager secret shaped
 * `{"current":"k1","keys":{"k1":"<base64>"}}` and the rotation function that fills and rotates it. Links carry
 * their key id, so a rotation adds a key and makes it current while older keys keep verifying the links they
 * signed until those expire. The secret is created with no key; the first rotation, run on creation, adds `k1`.
 */
export class LinkKey extends Construct {
  readonly secret: secretsmanager.Secret;
  readonly rotation: ServiceFunction;

  constructor(scope: Construct, id: string, props: LinkKeyProps) {
    super(scope, id);
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description: 'HMAC keys for approval and revision links (key id -> base64 key)',
      // No key material is ever written into the template: the placeholder below carries a throwaway random
      // value that the first rotation drops when it adds k1.
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ current: '', keys: {} }),
        generateStringKey: 'bootstrap',
        excludePunctuation: true,
        passwordLength: 32,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.rotation = new ServiceFunction(this, 'Rotation', {
      spec: ROTATION_FUNCTION,
      logRetention: props.logRetention,
      invocation:
        'Invoked by Secrets Manager, step by step, for each rotation; a failed step leaves the current key set in ' +
        'place, is reported by Secrets Manager and is retried on the next rotation: no event to dead-letter.',
    });
    this.secret.addRotationSchedule('Schedule', {
      rotationLambda: this.rotation.fn,
      automaticallyAfter: props.rotateEvery ?? Duration.days(90),
      rotateImmediatelyOnUpdate: true,
    });
  }
}
