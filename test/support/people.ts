/** The seed visit's people and dates, for the tests (they live with the seed visit). */
export { dateAfter, PEOPLE } from '#infra/local/seed-visit.ts';
