/**
 * The mail the user pool sends itself (through SES, from the site's sender): the invitation with a temporary
 * password, and the verification code (also what a forgotten password sends). Vietnamese first, then English, as
 * Cognito fills one template for everyone. `{username}` and `{####}` are Cognito's placeholders; the site's URL is
 * a deploy-time value and may be a CloudFormation token, so it is put in as given, never escaped or parsed.
 */
import { esc } from './html.ts';
import { APP_NAME } from './pages/layout.ts';

export interface PoolMail {
  subject: string;
  /** HTML; Cognito sends it as the message body */
  body: string;
}

const SIGN = `<p>${esc(APP_NAME.vi)} · ${esc(APP_NAME.en)}<br><span style="color:#5b6675;font-size:13px">Thư gửi tự động; vui lòng không trả lời. · This mail was sent automatically; please do not reply.</span></p>`;

/** The invitation an administrator's new user receives; `siteUrl` is where to sign in. */
/** How long an invited user's temporary password works: the user pool's setting, and what the invitation says. */
export const TEMPORARY_PASSWORD_DAYS = 3;

export function invitationMail(siteUrl: string, temporaryPasswordDays = TEMPORARY_PASSWORD_DAYS): PoolMail {
  return {
    subject: `Tài khoản ${APP_NAME.vi} · Your ${APP_NAME.en} account`,
    body: [
      '<p>Kính gửi đồng chí,</p>',
      `<p>Đồng chí đã được cấp tài khoản trên hệ thống ${esc(APP_NAME.vi)}.</p>`,
      '<p>Tên đăng nhập: <strong>{username}</strong><br>Mật khẩu tạm thời: <strong>{####}</strong></p>',
      `<p>Đăng nhập tại <a href="${siteUrl}">${siteUrl}</a>. Lần đầu đăng nhập, đồng chí đặt mật khẩu mới và cài ` +
        'ứng dụng xác thực (mã 6 số) làm lớp xác thực thứ hai; sau đó có thể thêm khóa truy cập (passkey). ' +
        `Mật khẩu tạm thời có hiệu lực ${temporaryPasswordDays} ngày.</p>`,
      '<hr>',
      `<p lang="en">You have an account on ${esc(APP_NAME.en)}. Username: <strong>{username}</strong>, temporary ` +
        `password: <strong>{####}</strong>. Sign in at <a href="${siteUrl}">${siteUrl}</a>; the first time, you ` +
        'set a new password and an authenticator app (6-digit codes) as your second factor, and may then add a ' +
        `passkey. The temporary password is valid for ${temporaryPasswordDays} days.</p>`,
      SIGN,
    ].join('\n'),
  };
}

/** The code that verifies an address or resets a forgotten password. */
export function verificationMail(): PoolMail {
  return {
    subject: `Mã xác minh ${APP_NAME.vi} · ${APP_NAME.en} verification code`,
    body: [
      '<p>Mã xác minh của đồng chí là <strong>{####}</strong>. Không chia sẻ mã này với bất kỳ ai.</p>',
      '<p lang="en">Your verification code is <strong>{####}</strong>. Do not share it with anyone.</p>',
      SIGN,
    ].join('\n'),
  };
}
