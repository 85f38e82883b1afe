/**
 * The table's key schema and indexes, as plain data: the CDK storage construct and the local runtime both create
 * the table from this, and the parity test holds the synthesized template against it.
 *
 * Items under PK = VISIT#<id>: SK = VISIT (the visit), DOC#<id>, APPROVAL#<id>, EVENT#<seq, zero-padded>,
 * NUMBER#<docId> (a document's allocated number), ARCHIVE (the archive record). Counters: PK = COUNTER#<agency>#<kind>#<year>.
 * An address mail could not reach: PK = ADDRESS#<lowercase email>, SK = BOUNCED.
 *
 * GSI1 and GSI2 are overloaded:
 * - the visit item: GSI1 = AGENCY#<visitingAgencyId> / <createdAt>#<id>, GSI2 = AGENCY#<hostAgencyId> / same,
 *   GSI3 = STATUS#<status> / <updatedAt>#<id>;
 * - archive index items (PK = VISIT#<id>, SK = ARCHIDX#<scope>): GSI1 = ARCHIVE#ALL | ARCHIVE#P#<province> |
 *   ARCHIVE#A#<agencyId> / <startDate>#<visitId>.
 */
export const TABLE = {
  partitionKey: 'PK',
  sortKey: 'SK',
  indexes: [
    { name: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
    { name: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
    { name: 'GSI3', partitionKey: 'GSI3PK', sortKey: 'GSI3SK' },
  ],
} as const;

/** The two buckets, by role. */
export const BUCKETS = ['documents', 'archive'] as const;
