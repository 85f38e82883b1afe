import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import type { Construct } from 'constructs';

export interface BackupCopyStackProps extends StackProps {
  vaultName: string;
}

/**
 * The vault, in a second region, that keeps a copy of every recovery point the stage's backup plan makes: if the
 * stage's region is lost, the table and the archive can be restored from here. Its name is fixed per stage so the
 * application's stack can name it without a cross-region reference.
 */
export class BackupCopyStack extends Stack {
  readonly vault: backup.BackupVault;
  readonly vaultName: string;

  constructor(scope: Construct, id: string, props: BackupCopyStackProps) {
    super(scope, id, props);
    this.vaultName = props.vaultName;
    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: props.vaultName,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
