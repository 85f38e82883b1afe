import { ArnFormat, Duration, RemovalPolicy, Stack, TimeZone } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from './nag.ts';

/** The managed policies AWS Backup needs to back up and restore a DynamoDB table and an S3 bucket. */
const BACKUP_POLICIES = {
  AWSBackupServiceRolePolicyForBackup: 'back up the table',
  AWSBackupServiceRolePolicyForRestores: 'restore the table (into a new table)',
  AWSBackupServiceRolePolicyForS3Backup: 'back up the archive bucket',
  AWSBackupServiceRolePolicyForS3Restore: 'restore the archive bucket (into a new bucket)',
} as const;

export interface BackupsProps {
  table: dynamodb.ITable;
  archiveBucket: s3.IBucket;
  /** days each daily recovery point, and its copy, is kept */
  retentionDays: number;
  /** the vault in a second region that receives a copy of each recovery point */
  copyTo?: { region: string; vaultName: string };
}

/**
 * Backups beyond the table's point-in-time recovery: an AWS Backup plan that takes a recovery point of the table
 * and of the archive bucket every night (01:00 Vietnam time) into a vault of this stage, keeps each for the
 * stage's retention, and copies each to the vault in a second region when the stage names one. The restore drill
 * (docs/deploy.md) restores into a new table or bucket, never over the live ones.
 */
export class Backups extends Construct {
  readonly vault: backup.BackupVault;
  readonly plan: backup.BackupPlan;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: BackupsProps) {
    super(scope, id);
    this.vault = new backup.BackupVault(this, 'Vault', { removalPolicy: RemovalPolicy.RETAIN });
    const keep = Duration.days(props.retentionDays);
    const copy = props.copyTo;
    const copyActions = copy
      ? [
          {
            destinationBackupVault: backup.BackupVault.fromBackupVaultArn(
              this,
              'CopyVault',
              Stack.of(this).formatArn({
                service: 'backup',
                region: copy.region,
                resource: 'backup-vault',
                resourceName: copy.vaultName,
                arnFormat: ArnFormat.COLON_RESOURCE_NAME,
              }),
            ),
            deleteAfter: keep,
          },
        ]
      : [];
    this.plan = new backup.BackupPlan(this, 'Plan', {
      backupVault: this.vault,
      backupPlanRules: [
        new backup.BackupPlanRule({
          ruleName: 'Nightly',
          scheduleExpression: events.Schedule.cron({ minute: '0', hour: '1' }),
          scheduleExpressionTimezone: TimeZone.ASIA_HO_CHI_MINH,
          startWindow: Duration.hours(1),
          completionWindow: Duration.hours(8),
          deleteAfter: keep,
          ...(copyActions.length ? { copyActions } : {}),
        }),
      ],
    });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      description: 'Backs up and restores the visits table and the archive bucket',
      managedPolicies: Object.keys(BACKUP_POLICIES).map((name) =>
        iam.ManagedPolicy.fromAwsManagedPolicyName(`service-role/${name}`),
      ),
    });
    for (const [name, what] of Object.entries(BACKUP_POLICIES)) {
      acknowledge(
        this.role,
        `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/${name}]`,
        `The role AWS Backup assumes uses AWS's own service-role policy to ${what}: AWS maintains it as the ` +
          'service changes, and this role is assumable by the AWS Backup service alone.',
      );
    }
    this.plan.addSelection('Data', {
      role: this.role,
      resources: [
        backup.BackupResource.fromDynamoDbTable(props.table),
        backup.BackupResource.fromArn(props.archiveBucket.bucketArn),
      ],
    });
  }
}
