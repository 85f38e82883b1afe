import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { TABLE } from '#infra/table.ts';

export interface StorageProps {
  production: boolean;
  archiveRetentionDays: number;
  /**
   * An existing table to use instead of creating one: the table a point-in-time or backup restore made (a restore
   * always makes a new table). The stack then manages neither its point-in-time recovery nor its deletion
   * protection; the restore drill turns both on.
   */
  existingTableName?: string;
}

/**
 * Owns the data: the visits table (key schema and indexes from `#infra/table.ts`), the documents bucket (drafts
 * and generated DOCX files), the archive bucket (final documents under S3 Object Lock) and the bucket that
 * receives both buckets' server access logs. Everything here is retained when the stack goes away.
 */
export class Storage extends Construct {
  readonly table: dynamodb.ITable;
  readonly documentsBucket: s3.Bucket;
  readonly archiveBucket: s3.Bucket;
  readonly accessLogsBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);

    this.table = props.existingTableName
      ? dynamodb.Table.fromTableAttributes(this, 'Table', {
          tableName: props.existingTableName,
          globalIndexes: TABLE.indexes.map((i) => i.name),
        })
      : createTable(this, props.production);

    const common = {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
    } satisfies s3.BucketProps;

    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogsBucket', {
      ...common,
      lifecycleRules: [{ expiration: Duration.days(props.production ? 400 : 90) }],
    });

    this.documentsBucket = new s3.Bucket(this, 'DocumentsBucket', {
      ...common,
      versioned: true,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'documents/',
      lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(1) }],
    });

    const retention = Duration.days(props.archiveRetentionDays);
    this.archiveBucket = new s3.Bucket(this, 'ArchiveBucket', {
      ...common,
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention: props.production
        ? s3.ObjectLockRetention.compliance(retention)
        : s3.ObjectLockRetention.governance(retention),
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'archive/',
    });
    // Write-once by policy, not only in code: a PutObject (and so a copy, or a multipart part) without
    // `If-None-Match` is refused for every principal, so nobody can put a new current version over an archived
    // key; S3 answers 412 to one that carries it when the key exists. The archive adapter always sends it.
    this.archiveBucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'RefuseWritesThatMayOverwrite',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [this.archiveBucket.arnForObjects('*')],
        conditions: { Null: { 's3:if-none-match': 'true' } },
      }),
    );
  }
}

/** The visits table: keys and indexes from the shared definition, on demand, point-in-time recovery, retained. */
function createTable(scope: Construct, production: boolean): dynamodb.Table {
  const table = new dynamodb.Table(scope, 'Table', {
    partitionKey: { name: TABLE.partitionKey, type: dynamodb.AttributeType.STRING },
    sortKey: { name: TABLE.sortKey, type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    encryption: dynamodb.TableEncryption.AWS_MANAGED,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: production,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  for (const index of TABLE.indexes) {
    table.addGlobalSecondaryIndex({
      indexName: index.name,
      partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });
  }
  return table;
}
