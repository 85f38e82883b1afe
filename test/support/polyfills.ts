// aws-local-stepfunctions uses Promise.withResolvers (Node 22); the same polyfill the local runtime installs.
import '#infra/local/polyfills.ts';
