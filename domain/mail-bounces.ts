/**
 * A mail that did not arrive. The mail service reports a bounce, or a complaint (the recipient marked it as spam),
 * about a mail it sent for a visit: the mail's tags name the visit and the notice it was. Each report is recorded
 * in the visit's hash chain, once per recipient; an address that will never take mail (a permanent bounce, a
 * complaint) is marked; and the requester and the administrators of the agency the address belongs to are told,
 * in both languages, once per visit and address, so that someone fixes the address and the person gets the link
 * another way. The page of the visit shows it (`deliveryProblems`). Idempotent: a report delivered twice, or a
 * retried run, records and tells nothing twice.
 */
import type { Agency, Person } from './agencies.ts';
import { agenciesOf, contact, requester, SYSTEM } from './lifecycle.ts';
import type { BouncedAddresses, DirectoryReader, Mail, Mailer, VisitEvent, VisitStore } from './ports.ts';
import type { Visit } from './visit.ts';

export const MAIL_BOUNCED = 'MAIL_BOUNCED';
export const MAIL_COMPLAINED = 'MAIL_COMPLAINED';
/** The notice that tells of a bounce: a bounce of it is recorded, never told again (no loop). */
export const BOUNCE_NOTICE = 'mailBounced';

/** One report from the mail service, as the domain reads it. */
export interface MailFeedback {
  kind: 'bounce' | 'complaint';
  /** the address will never take this mail (a permanent bounce); a transient one gave up after retrying */
  permanent: boolean;
  /** the mail service's words for it, e.g. "Permanent/General", "abuse" */
  detail: string;
  recipients: string[];
  /** the mail service's id of the mail, and of this report */
  messageId: string;
  feedbackId: string;
  /** ISO instant of the report */
  at: string;
  /** from the mail's tags; absent for mail sent for no visit (the user pool's invitations) */
  visitId?: string;
  notice?: string;
}

/** What the notice about a bounce says. */
export interface BounceNoticeContext {
  visit: Visit;
  host: Agency;
  visiting: Agency;
  address: string;
  /** the person the address belongs to, when the visit knows them */
  person?: Person;
  /** the agency that must fix the address */
  agency: Agency;
  feedback: Pick<MailFeedback, 'kind' | 'permanent' | 'notice'>;
  /** the visit's page */
  link: string;
}

export type ComposeBounceNotice = (ctx: BounceNoticeContext) => Pick<Mail, 'subject' | 'text' | 'html'>;

export interface BounceDeps {
  store: VisitStore;
  /** the agencies on the report's date, and who administers them */
  directory: DirectoryReader;
  mailer: Mailer;
  bounced: BouncedAddresses;
  compose: ComposeBounceNotice;
  /** the site's base URL, without a trailing slash */
  publicUrl: string;
}

/**
 * Who administers an agency: its enabled users with the `admin` role in the directory; the agency's secretary when
 * it has none (an agency is never without someone told).
 */
export async function administratorsOf(directory: DirectoryReader, agency: Agency): Promise<Person[]> {
  const admins = (await directory.users(agency.id)).filter((u) => !u.disabled && u.roles.includes('admin'));
  return admins.length > 0
    ? admins.map((u) => ({ name: u.name, position: '', email: u.email }))
    : [agency.secretary];
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Whose address it is on this visit, and so which agency must fix it (the host's when nobody is known). */
export function ownerOf(
  address: string,
  visit: Visit,
  host: Agency,
  visiting: Agency,
): { agency: Agency; person?: Person } {
  const ofAgency = (agency: Agency): Person | undefined =>
    [
      agency.secretary,
      ...agency.approvalChain.flatMap((s) => (s.deputy ? [s.approver, s.deputy] : [s.approver])),
    ].find((p) => same(p.email, address));
  if (same(visit.owner.email, address)) return { agency: visiting, person: requester(visit) };
  if (same(visit.request.contact.email, address)) return { agency: visiting, person: contact(visit) };
  const chair = visit.minutes?.chair;
  if (chair && same(chair.email, address)) return { agency: host, person: chair };
  const hostPerson = ofAgency(host);
  if (hostPerson) return { agency: host, person: hostPerson };
  const visitingPerson = ofAgency(visiting);
  if (visitingPerson) return { agency: visiting, person: visitingPerson };
  return { agency: host };
}

export interface FeedbackOutcome {
  /** recipients newly recorded on the visit */
  recorded: string[];
  /** addresses whose problem was told to people, with who was told */
  told: { address: string; to: string[] }[];
}

/** Records a report from the mail service, marks the addresses, and tells the people who must act. */
export async function recordMailFeedback(deps: BounceDeps, feedback: MailFeedback): Promise<FeedbackOutcome> {
  const recipients = [...new Set(feedback.recipients.map((r) => r.trim().toLowerCase()).filter(Boolean))];
  const outcome: FeedbackOutcome = { recorded: [], told: [] };
  const markable = feedback.kind === 'complaint' || feedback.permanent;
  if (markable) {
    for (const address of recipients) {
      await deps.bounced.mark({
        address,
        reason: feedback.kind,
        detail: feedback.detail,
        at: feedback.at,
        ...(feedback.visitId ? { visitId: feedback.visitId } : {}),
      });
    }
  }
  const visit = feedback.visitId ? await deps.store.getVisit(feedback.visitId) : undefined;
  if (!visit) return outcome;

  const log = await deps.store.listEvents(visit.id);
  const type = feedback.kind === 'bounce' ? MAIL_BOUNCED : MAIL_COMPLAINED;
  for (const address of recipients) {
    const known = log.some(
      (e) => e.type === type && e.data?.feedbackId === feedback.feedbackId && e.data?.address === address,
    );
    if (known) continue;
    await deps.store.appendEvent(visit.id, {
      type,
      actor: SYSTEM,
      data: {
        address,
        permanent: feedback.permanent,
        detail: feedback.detail,
        ...(feedback.notice ? { notice: feedback.notice } : {}),
        messageId: feedback.messageId,
        feedbackId: feedback.feedbackId,
        reportedAt: feedback.at,
      },
    });
    outcome.recorded.push(address);
  }

  // a bounce of the notice about a bounce is recorded above and told to nobody
  if (feedback.notice === BOUNCE_NOTICE) return outcome;
  const { host, visiting } = await agenciesOf(deps, visit, new Date(feedback.at));
  for (const address of recipients) {
    const toldBefore = log.some(
      (e) => e.type === 'NOTICE_SENT' && e.data?.notice === BOUNCE_NOTICE && e.data?.address === address,
    );
    if (toldBefore) continue;
    const { agency, person } = ownerOf(address, visit, host, visiting);
    const people = [requester(visit), ...(await administratorsOf(deps.directory, agency))].filter(
      (p) => !recipients.includes(p.email.toLowerCase()),
    );
    const to = [...new Set(people.map((p) => p.email.toLowerCase()))];
    if (to.length === 0) continue;
    const mail = deps.compose({
      visit,
      host,
      visiting,
      address,
      ...(person ? { person } : {}),
      agency,
      feedback,
      link: `${deps.publicUrl}/visits/${encodeURIComponent(visit.id)}`,
    });
    await deps.mailer.send({ ...mail, to, tags: { visitId: visit.id, notice: BOUNCE_NOTICE } });
    await deps.store.appendEvent(visit.id, {
      type: 'NOTICE_SENT',
      actor: SYSTEM,
      data: { notice: BOUNCE_NOTICE, to, address },
    });
    outcome.told.push({ address, to });
  }
  return outcome;
}

/** A recipient the visit's mail did not reach, as the visit's page shows it: the latest report per address. */
export interface DeliveryProblem {
  address: string;
  kind: 'bounce' | 'complaint';
  permanent: boolean;
  /** the notice that did not arrive */
  notice?: string;
  at: string;
}

export function deliveryProblems(events: readonly VisitEvent[]): DeliveryProblem[] {
  const latest = new Map<string, DeliveryProblem>();
  for (const e of [...events].sort((a, b) => a.seq - b.seq)) {
    if (e.type !== MAIL_BOUNCED && e.type !== MAIL_COMPLAINED) continue;
    const address = e.data?.address;
    if (typeof address !== 'string') continue;
    const notice = e.data?.notice;
    latest.set(address, {
      address,
      kind: e.type === MAIL_BOUNCED ? 'bounce' : 'complaint',
      permanent: e.type === MAIL_COMPLAINED || e.data?.permanent === true,
      ...(typeof notice === 'string' ? { notice } : {}),
      at: e.at,
    });
  }
  return [...latest.values()];
}
